package io.xtcp.daemon.profile;

import io.xtcp.daemon.config.ProfilingConfig;
import io.xtcp.daemon.config.SettingText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * xtcp2's Pyroscope variables, {@code PYROSCOPE_URL} and {@code PYROSCOPE_APP_NAME}, read as the
 * lowest-ranked names of the agent's {@code PYROSCOPE_SERVER_ADDRESS} and
 * {@code PYROSCOPE_APPLICATION_NAME}, so that an xtcp2 unit file or container spec keeps working.
 * Order: the flag (or its {@code XTCP_PYROSCOPE_*} variable) &gt; the agent's own variable &gt; the xtcp2
 * name. When a higher-ranked value and the xtcp2 name are both given and differ, the xtcp2 name is
 * ignored and a note says so (URLs without user:password@).
 */
final class PyroscopeEnvAliases {
    static final String XTCP2_URL = "PYROSCOPE_URL";
    static final String XTCP2_APP = "PYROSCOPE_APP_NAME";
    static final String AGENT_URL = "PYROSCOPE_SERVER_ADDRESS";
    static final String AGENT_APP = "PYROSCOPE_APPLICATION_NAME";

    private PyroscopeEnvAliases() {
    }

    /**
     * Fills {@code values} (the agent's variables, before the flags are applied) from the xtcp2 names
     * in {@code env}; returns one note per conflict, for the log.
     */
    static List<String> apply(ProfilingConfig c, Map<String, String> env, Map<String, String> values) {
        List<String> notes = new ArrayList<>();
        String url = blankToNull(env.get(XTCP2_URL));
        if (url != null) {
            String winner = c.pyroscopeUrlGiven() ? c.pyroscopeUrl().strip() : blankToNull(values.get(AGENT_URL));
            String by = c.pyroscopeUrlGiven() ? "--pyroscope-url (or XTCP_PYROSCOPE_URL)" : AGENT_URL;
            if (winner == null) {
                values.put(AGENT_URL, url.strip());
            } else if (!winner.equals(url.strip())) {
                notes.add(XTCP2_URL + "=" + shownUrl(url) + " ignored: " + by + " gives " + shownUrl(winner));
            }
        }
        String app = blankToNull(env.get(XTCP2_APP));
        if (app != null) {
            String winner = c.pyroscopeApp() != null ? c.pyroscopeApp() : blankToNull(values.get(AGENT_APP));
            String by = c.pyroscopeApp() != null ? "--pyroscope-app (or XTCP_PYROSCOPE_APP)" : AGENT_APP;
            if (winner == null) {
                values.put(AGENT_APP, app.strip());
            } else if (!winner.equals(app.strip())) {
                notes.add(XTCP2_APP + "=" + SettingText.shown(app) + " ignored: " + by + " gives " + SettingText.shown(winner));
            }
        }
        return notes;
    }

    private static String shownUrl(String url) {
        return SettingText.shown(ProfilingConfig.withoutUserInfo(url.strip()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
