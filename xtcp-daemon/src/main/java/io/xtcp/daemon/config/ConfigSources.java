package io.xtcp.daemon.config;

import io.xtcp.daemon.cli.UsageException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where option values come from when the command line does not give them: the environment
 * ({@code --poll-interval} ↔ {@code XTCP_POLL_INTERVAL}), then the {@code --config} file
 * ({@code poll-interval = 10s}), then the option's built-in default. Each flag is declared once;
 * its environment and file names follow mechanically.
 *
 * <p>The file is {@code key = value} lines; {@code #} starts a comment; list values are
 * comma-separated. Unknown keys are errors. It must be a regular file of at most
 * {@link #MAX_FILE_BYTES} ({@link BoundedFile}). Each value remembers its line, so a refusal names
 * it as {@code FILE:LINE: key = value} ({@link #source}).
 */
public final class ConfigSources implements CommandLine.IDefaultValueProvider {
    public static final String ENV_PREFIX = "XTCP_";
    /** Variables bin/xtcp reads itself (its header lists them); never options. */
    public static final List<String> LAUNCHER_ENV = List.of("XTCP_JAVA_OPTS", "XTCP_REBUILD", "XTCP_JAR", "XTCP_CDS", "XTCP_CACHE_DIR",
            "XTCP_HEAP");

    /** The most a config file may hold: a file of every key with long values is a few KiB. */
    public static final long MAX_FILE_BYTES = 1L << 20;

    private final Map<String, String> env;
    private final Path file;
    private final Map<String, String> fileValues;
    private final Map<String, Integer> fileLines = new LinkedHashMap<>();
    private final Map<String, String> origins = new TreeMap<>();

    public ConfigSources(Map<String, String> env, Path file) {
        this(env, file, "--config " + file);
    }

    /** {@code named}: how refusals of the file itself name it ({@code --config F} or {@code XTCP_CONFIG=F (environment)}). */
    private ConfigSources(Map<String, String> env, Path file, String named) {
        this.env = env;
        this.file = file;
        this.fileValues = file == null ? Map.of() : read(file, named, fileLines);
    }

    /** Finds {@code --config FILE} (or XTCP_CONFIG) before picocli parses, since defaults resolve first. */
    public static ConfigSources from(String[] args, Map<String, String> env) {
        String path = env.get(ENV_PREFIX + "CONFIG");
        String named = path == null ? null : ENV_PREFIX + "CONFIG=" + SettingText.shown(path) + " (environment)";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = args[i + 1];
                named = "--config " + SettingText.shown(path) + " (flag)";
            } else if (args[i].startsWith("--config=")) {
                path = args[i].substring("--config=".length());
                named = "--config " + SettingText.shown(path) + " (flag)";
            }
        }
        if (path != null && !SettingText.problem(path, SettingText.MAX_PATH).isEmpty()) {
            throw new UsageException(named + ": " + SettingText.problem(path, SettingText.MAX_PATH));
        }
        return new ConfigSources(env, path == null || path.isEmpty() ? null : Path.of(path), named);
    }

    /** {@code --poll-interval} → {@code XTCP_POLL_INTERVAL}. */
    public static String envName(String longOption) {
        return ENV_PREFIX + longOption.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** {@code --poll-interval} → {@code poll-interval}. */
    public static String fileKey(String longOption) {
        return longOption.replaceFirst("^--", "");
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec)) {
            return null;
        }
        OptionSpec o = (OptionSpec) arg;
        String name = o.longestName();
        if (!name.startsWith("--") || name.equals("--config")) {
            return null;
        }
        if (LAUNCHER_ENV.contains(envName(name))) {
            return null;
        }
        String e = env.get(envName(name));
        if (e != null) {
            origins.put(name, "environment variable " + envName(name));
            return e;
        }
        String f = fileValues.get(fileKey(name));
        if (f != null) {
            origins.put(name, "key '" + fileKey(name) + "' in " + file + ":" + fileLines.get(fileKey(name)));
            return f;
        }
        return null;
    }

    /** Where an option's value came from when not from the command line; null otherwise. */
    public String origin(String longOption) {
        return origins.get(longOption);
    }

    /**
     * How a refusal names an option's value that came from here: {@code XTCP_POLL_THREADS=-3 (environment)}
     * or {@code xtcp.conf:4: poll-threads = -3}; null when the value did not come from here.
     */
    public String source(String longOption) {
        String o = origins.get(longOption);
        if (o == null) {
            return null;
        }
        String var = envName(longOption);
        if (o.startsWith("environment")) {
            return var + "=" + SettingText.shown(longOption, env.get(var)) + " (environment)";
        }
        String key = fileKey(longOption);
        return file + ":" + fileLines.get(key) + ": " + key + " = " + SettingText.shown(longOption, fileValues.get(key));
    }

    /** Rejects file keys and XTCP_* variables that name no option of {@code spec}. */
    public void checkKnown(CommandLine.Model.CommandSpec spec) {
        Map<String, Boolean> known = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            known.put(fileKey(o.longestName()), true);
        }
        for (String key : fileValues.keySet()) {
            if (!known.containsKey(key)) {
                throw new UsageException(file + ":" + fileLines.get(key) + ": unknown key '" + SettingText.shown(key) + "'; keys are the long flag names without '--', "
                        + "e.g. poll-interval (see 'xtcp " + spec.name() + " --help')");
            }
        }
        for (String var : env.keySet()) {
            if (!var.startsWith(ENV_PREFIX) || LAUNCHER_ENV.contains(var) || var.equals(ENV_PREFIX + "CONFIG")) {
                continue;
            }
            String key = var.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
            if (!known.containsKey(key)) {
                throw new UsageException("environment variable " + SettingText.shown(var) + " names no option of 'xtcp " + spec.name()
                        + "'; variables are XTCP_ + the long flag name, e.g. XTCP_POLL_INTERVAL");
            }
        }
    }

    /** The file's values, for logging. */
    public Map<String, String> fileValues() {
        return fileValues;
    }

    private static Map<String, String> read(Path file, String named, Map<String, Integer> lineOf) {
        List<String> lines = BoundedFile.read(named, file, MAX_FILE_BYTES).lines().toList();
        Map<String, String> values = new LinkedHashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new UsageException(file + ":" + n + ": expected 'key = value', got '" + SettingText.shown(line) + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (values.put(key, value) != null) {
                throw new UsageException(file + ":" + n + ": key '" + SettingText.shown(key) + "' given twice (first on line "
                        + lineOf.get(key) + ")");
            }
            lineOf.put(key, n);
        }
        return values;
    }
}
