package io.xtcp.dest.pipeline;

import java.nio.file.Path;
import java.time.Duration;

/** Limits and policy of a {@link SinkPipeline}. Immutable; made with {@link #builder()}. */
public final class PipelineConfig {
    private final int maxQueueBatches;
    private final long maxQueueBytes;
    private final OverflowPolicy overflow;
    private final Path spoolDir;
    private final long spoolMaxBytes;
    private final long spoolSegmentBytes;
    private final Duration retryMin;
    private final Duration retryMax;
    private final Duration closeTimeout;
    private final Duration logInterval;
    private final Duration maxOfferWait;
    private final Duration staleAfter;

    private PipelineConfig(Builder b) {
        this.maxQueueBatches = b.maxQueueBatches;
        this.maxQueueBytes = b.maxQueueBytes;
        this.overflow = b.overflow;
        this.spoolDir = b.spoolDir;
        this.spoolMaxBytes = b.spoolMaxBytes;
        this.spoolSegmentBytes = b.spoolSegmentBytes > 0 ? b.spoolSegmentBytes
                : Math.max(64 << 10, Math.min(16L << 20, b.spoolMaxBytes / 8));
        this.retryMin = b.retryMin;
        this.retryMax = b.retryMax;
        this.closeTimeout = b.closeTimeout;
        this.logInterval = b.logInterval;
        this.maxOfferWait = b.maxOfferWait;
        this.staleAfter = b.staleAfter;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxQueueBatches() {
        return maxQueueBatches;
    }

    public long maxQueueBytes() {
        return maxQueueBytes;
    }

    public OverflowPolicy overflow() {
        return overflow;
    }

    public Path spoolDir() {
        return spoolDir;
    }

    public long spoolMaxBytes() {
        return spoolMaxBytes;
    }

    public long spoolSegmentBytes() {
        return spoolSegmentBytes;
    }

    public Duration retryMin() {
        return retryMin;
    }

    public Duration retryMax() {
        return retryMax;
    }

    public Duration closeTimeout() {
        return closeTimeout;
    }

    public Duration logInterval() {
        return logInterval;
    }

    /** How long {@link SinkPipeline#offer} may wait for room in a full queue; zero: never. */
    public Duration maxOfferWait() {
        return maxOfferWait;
    }

    /**
     * How long the sink may go without a confirmed delivery while it has data to send before
     * {@link SinkPipeline#health} calls it {@link SinkHealth.State#STALE}.
     */
    public Duration staleAfter() {
        return staleAfter;
    }

    @Override
    public String toString() {
        return "queue=" + maxQueueBatches + " batches/" + maxQueueBytes + " bytes, overflow=" + overflow.flagName()
                + (overflow == OverflowPolicy.SPOOL ? ", spoolDir=" + spoolDir + ", spoolMaxBytes=" + spoolMaxBytes : "")
                + ", retry=" + retryMin + ".." + retryMax + ", closeTimeout=" + closeTimeout + ", maxOfferWait=" + maxOfferWait + ", staleAfter=" + staleAfter;
    }

    /** Defaults: 1024 batches, 64 MiB, drop-oldest, spool 1 GiB, retry 100ms..10s, close within 5s, no offer wait. */
    public static final class Builder {
        private int maxQueueBatches = 1024;
        private long maxQueueBytes = 64L << 20;
        private OverflowPolicy overflow = OverflowPolicy.DROP_OLDEST;
        private Path spoolDir;
        private long spoolMaxBytes = 1L << 30;
        private long spoolSegmentBytes;
        private Duration retryMin = Duration.ofMillis(100);
        private Duration retryMax = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private Duration logInterval = Duration.ofSeconds(10);
        private Duration maxOfferWait = Duration.ZERO;
        private Duration staleAfter = Duration.ofSeconds(30);

        public Builder maxQueueBatches(int n) {
            this.maxQueueBatches = n;
            return this;
        }

        public Builder maxQueueBytes(long n) {
            this.maxQueueBytes = n;
            return this;
        }

        public Builder overflow(OverflowPolicy p) {
            this.overflow = p;
            return this;
        }

        public Builder spoolDir(Path dir) {
            this.spoolDir = dir;
            return this;
        }

        public Builder spoolMaxBytes(long n) {
            this.spoolMaxBytes = n;
            return this;
        }

        /** Size at which a spool segment file is closed and a new one started; default spoolMaxBytes/8 within 64 KiB..16 MiB. */
        public Builder spoolSegmentBytes(long n) {
            this.spoolSegmentBytes = n;
            return this;
        }

        public Builder retry(Duration min, Duration max) {
            this.retryMin = min;
            this.retryMax = max;
            return this;
        }

        public Builder closeTimeout(Duration d) {
            this.closeTimeout = d;
            return this;
        }

        /** At most one drop or failure log line per interval. */
        public Builder logInterval(Duration d) {
            this.logInterval = d;
            return this;
        }

        /**
         * With a drop policy, how long an offer to a full queue waits for the sender to take a
         * batch before the policy applies (see {@link SinkPipeline#offer}); zero never waits.
         */
        public Builder maxOfferWait(Duration d) {
            this.maxOfferWait = d;
            return this;
        }

        /** See {@link PipelineConfig#staleAfter()}; default 30s. */
        public Builder staleAfter(Duration d) {
            this.staleAfter = d;
            return this;
        }

        public PipelineConfig build() {
            if (staleAfter == null || staleAfter.isNegative() || staleAfter.isZero()) {
                throw new IllegalArgumentException("staleAfter must be positive: " + staleAfter);
            }
            if (maxQueueBatches < 1 || maxQueueBytes < 1) {
                throw new IllegalArgumentException("queue limits must be positive: batches=" + maxQueueBatches + " bytes=" + maxQueueBytes);
            }
            if (overflow == OverflowPolicy.SPOOL && (spoolDir == null || spoolMaxBytes < 1)) {
                throw new IllegalArgumentException("overflow=spool needs spoolDir and a positive spoolMaxBytes");
            }
            if (maxOfferWait == null || maxOfferWait.isNegative()) {
                throw new IllegalArgumentException("maxOfferWait must be zero or positive: " + maxOfferWait);
            }
            if (retryMin.isNegative() || retryMin.isZero() || retryMax.compareTo(retryMin) < 0 || closeTimeout.isNegative()) {
                throw new IllegalArgumentException("bad retry/close durations: retry=" + retryMin + ".." + retryMax + " close=" + closeTimeout);
            }
            return new PipelineConfig(this);
        }
    }
}
