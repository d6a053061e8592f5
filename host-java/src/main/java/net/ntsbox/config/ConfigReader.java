package net.ntsbox.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import net.ntsbox.tls.nativecrypto.KeCryptoMode;
import net.ntsbox.keys.RotationPolicy;
import net.ntsbox.server.ke.KeServerConfig;

/**
 * Reads the appliance TOML file into {@link ApplianceConfig}. Every key is checked at start:
 * unknown sections and keys are errors (a typo must not silently fall back to a default),
 * and each error names the key as {@code section.key} (plus the command-line option when the
 * value came from one). Syntax errors carry the line and column Jackson reports. Relative
 * paths in the file are relative to the file's directory.
 */
public final class ConfigReader {
    /** AEADs the software datapath serves (AES-SIV-CMAC-256, AES-SIV-CMAC-512, AES-128-GCM-SIV). */
    public static final List<Integer> SOFTWARE_AEADS = List.of(15, 17, 30);
    static final List<String> DEFAULT_KE_LISTEN = List.of("127.0.0.1:4460", "[::1]:4460");
    static final List<String> DEFAULT_NTP_LISTEN = List.of("127.0.0.1:123", "[::1]:123");

    private static final Set<String> SECTIONS = Set.of("nts_ke", "ntp", "clock", "keys", "management", "gnss", "fpga");
    private static final Set<String> TOP_KEYS = Set.of("state_dir");

    private final String source;
    private final Path baseDir;
    private final ConfigOverrides overrides;

    private ConfigReader(String source, Path baseDir, ConfigOverrides overrides) {
        this.source = source;
        this.baseDir = baseDir;
        this.overrides = overrides;
    }

    /** Reads {@code file}; null means no file: every default (loopback listeners). */
    public static ApplianceConfig load(Path file, ConfigOverrides overrides) throws ConfigException {
        if (file == null) return parse("", "defaults", Path.of("").toAbsolutePath(), overrides);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("", "cannot read config " + file + ": " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), dir, overrides);
    }

    /** Parses TOML text; {@code source} names it in errors, {@code baseDir} anchors relative paths. */
    public static ApplianceConfig parse(String toml, String source, Path baseDir, ConfigOverrides overrides)
            throws ConfigException {
        return new ConfigReader(source, baseDir, overrides).read(toml);
    }

    /** Where state goes when neither the file nor --state-dir says: /var/lib/ntsbox for root, else ~/.local/state/ntsbox. */
    public static Path defaultStateDir() {
        if ("root".equals(System.getProperty("user.name"))) return Path.of("/var/lib/ntsbox");
        return Path.of(System.getProperty("user.home"), ".local", "state", "ntsbox");
    }

    private ApplianceConfig read(String toml) throws ConfigException {
        ObjectNode root;
        try {
            JsonNode n = new TomlMapper().readTree(toml);
            root = n == null || n.isMissingNode() ? new TomlMapper().createObjectNode() : (ObjectNode) n;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new ConfigException("", source + where + ": TOML syntax error: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("", source + ": " + e.getMessage());
        }
        applyOverrides(root);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (SECTIONS.contains(e.getKey())) {
                if (!e.getValue().isObject()) throw error(e.getKey(), "must be a table [" + e.getKey() + "]");
            } else if (!TOP_KEYS.contains(e.getKey())) {
                throw error(e.getKey(), "unknown " + (e.getValue().isObject() ? "section" : "key")
                        + " (sections: nts_ke, ntp, clock, keys, management, gnss, fpga; top-level key: state_dir)");
            }
        }
        boolean board = root.has("fpga");
        if (board) rejectNtpOnBoard(root);
        Section top = new Section("", root, true);
        Path stateDir = top.path("state_dir").orElse(defaultStateDir());

        Section ke = section(root, "nts_ke");
        List<InetSocketAddress> keListen = ke.addresses("listen", DEFAULT_KE_LISTEN);
        Optional<Path> cert = ke.path("cert");
        Optional<Path> key = ke.path("key");
        if (cert.isPresent() != key.isPresent()) {
            throw error(cert.isPresent() ? "nts_ke.key" : "nts_ke.cert",
                    "cert and key go together (give both, or neither for a self-signed certificate)");
        }
        int cookies = ke.integer("cookies", 8, 1, 8);
        int deadlineMs = ke.integer("deadline_ms", 2000, 1, 600_000);
        int maxConn = ke.integer("max_connections", KeServerConfig.DEFAULT_MAX_CONNECTIONS, 1, 1 << 20);
        double rate = ke.decimal("rate_per_second", KeServerConfig.DEFAULT_RATE_PER_SECOND, 0.001, 1e6);
        int burst = ke.integer("rate_burst", KeServerConfig.DEFAULT_RATE_BURST, 1, 1 << 20);
        List<Integer> aeads = ke.aeads("aeads");
        Optional<String> ntpServer = ke.string("ntp_server");
        if (ntpServer.isPresent() && (ntpServer.get().isEmpty() || ntpServer.get().length() > 256
                || !ntpServer.get().chars().allMatch(c -> c > 0x20 && c < 0x7F))) {
            throw error("nts_ke.ntp_server", "must be 1-256 printable ASCII characters without spaces");
        }
        OptionalInt ntpPort = ke.optionalInteger("ntp_port", 1, 0xFFFF);
        boolean keEnabled = ke.bool("enabled", true);
        String cryptoName = ke.string("crypto").orElse(KeCryptoMode.AUTO.configName());
        KeCryptoMode keCrypto = KeCryptoMode.parse(cryptoName).orElseThrow(() -> error("nts_ke.crypto",
                "'" + cryptoName + "' is not one of \"auto\", \"jdk\", \"native\""));
        if (board && ntpPort.isEmpty()) ntpPort = OptionalInt.of(FpgaSettings.NTP_PORT);
        if (board && !aeads.contains(FpgaSettings.FPGA_AEAD)) {
            throw error("nts_ke.aeads", aeads + " lacks 15 (AES-SIV-CMAC-256), the only AEAD the FPGA implements "
                    + "(with [fpga] NTS-KE offers 15 alone)");
        }
        if (board) aeads = List.of(FpgaSettings.FPGA_AEAD);
        ke.rejectUnknown();

        Section ntp = section(root, "ntp");
        List<InetSocketAddress> ntpListen = ntp.addresses("listen", DEFAULT_NTP_LISTEN);
        OptionalInt alt = ntp.optionalInteger("alternate_port", 1, 0xFFFF);
        int threads = ntp.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 1024);
        boolean ntpEnabled = ntp.bool("enabled", true) && !board;
        Optional<String> ioText = ntp.string("io");
        net.ntsbox.server.udp.UdpIo io = net.ntsbox.server.udp.UdpIo.AUTO;
        if (ioText.isPresent()) {
            io = switch (ioText.get()) {
                case "auto" -> net.ntsbox.server.udp.UdpIo.AUTO;
                case "batched" -> net.ntsbox.server.udp.UdpIo.BATCHED;
                case "simple" -> net.ntsbox.server.udp.UdpIo.SIMPLE;
                default -> throw error("ntp.io", "must be \"auto\", \"batched\" or \"simple\", not '" + ioText.get() + "'");
            };
            if (io == net.ntsbox.server.udp.UdpIo.BATCHED && !net.ntsbox.server.udp.UdpIo.batchedAvailable()) {
                throw error("ntp.io", "\"batched\" needs Linux on x86-64 or aarch64 and native access"
                        + " (java --enable-native-access=ALL-UNNAMED); use \"auto\" or \"simple\"");
            }
        }
        Optional<String> cryptoText = ntp.string("crypto");
        net.ntsbox.server.StepCryptoMode crypto = net.ntsbox.server.StepCryptoMode.AUTO;
        if (cryptoText.isPresent()) {
            crypto = switch (cryptoText.get()) {
                case "auto" -> net.ntsbox.server.StepCryptoMode.AUTO;
                case "java" -> net.ntsbox.server.StepCryptoMode.JAVA;
                case "native" -> net.ntsbox.server.StepCryptoMode.NATIVE;
                case "aesni" -> net.ntsbox.server.StepCryptoMode.AESNI;
                default -> throw error("ntp.crypto", "must be \"auto\", \"java\", \"native\" or \"aesni\", not '"
                        + cryptoText.get() + "'");
            };
            if (crypto == net.ntsbox.server.StepCryptoMode.NATIVE && !net.ntsbox.server.StepCryptoMode.nativeAvailable()) {
                throw error("ntp.crypto", "\"native\" needs libnettle.so.8 (Debian: libnettle8) and native access"
                        + " (java --enable-native-access=ALL-UNNAMED): " + net.ntsbox.server.StepCryptoMode.nativeUnavailableReason()
                        + "; use \"auto\" or \"java\"");
            }
            if (crypto == net.ntsbox.server.StepCryptoMode.AESNI && !net.ntsbox.server.StepCryptoMode.aesniAvailable()) {
                throw error("ntp.crypto", "\"aesni\" needs libntssiv (make -C native/siv; the launcher builds it), native access"
                        + " (java --enable-native-access=ALL-UNNAMED) and a CPU with AES-NI and SSE4.1: "
                        + net.ntsbox.server.StepCryptoMode.aesniUnavailableReason() + "; use \"auto\", \"native\" or \"java\"");
            }
        }
        ntp.rejectUnknown();
        if (!keEnabled && board) throw error("nts_ke.enabled", "false with [fpga]: the board's host serves NTS-KE and the FPGA "
                + "NTP; an NTS-KE-less board has nothing for the host to do (the FPGA cannot serve without keys)");
        if (!keEnabled && !ntpEnabled) throw error("ntp.enabled", "nts_ke.enabled and ntp.enabled are both false: nothing to serve");
        if (!ntpEnabled && keEnabled && ntpPort.isEmpty()) {
            throw error("nts_ke.ntp_port", "required when ntp.enabled = false: the port of the NTP servers the clients "
                    + "are sent to (with nts_ke.ntp_server for another host)");
        }
        if (alt.isPresent()) {
            for (InetSocketAddress a : ntpListen) {
                if (a.getPort() == alt.getAsInt()) throw error("ntp.alternate_port", "equals the port of listen address "
                        + HostPort.format(a));
            }
        }

        Section clk = section(root, "clock");
        int stratum = clk.integer("stratum", 1, 1, 15);
        String refText = clk.string("reference_id").orElse(stratum == 1 ? "GPS" : null);
        if (refText == null) throw error("clock.reference_id", "required at stratum " + stratum + " (the upstream IPv4 address)");
        int refId = referenceId(refText, stratum);
        int precision = clk.integer("precision", -20, -32, 0);
        double rootDelay = clk.decimal("root_delay_ms", 0, 0, 60_000);
        double rootDisp = clk.decimal("root_dispersion_ms", 0, 0, 60_000);
        boolean requireSync = clk.bool("require_sync", true);
        if (board && !requireSync) {
            throw error("clock.require_sync", "false with [fpga]: the FPGA's clock is served, which the kernel's state "
                    + "says nothing about; it is advertised as synchronised only while [gnss] pps = \"fpga\" has it locked");
        }
        clk.rejectUnknown();

        Section keys = section(root, "keys");
        Path stateFile = keys.path("state_file").orElse(stateDir.resolve("keys.state"));
        Path seedFile = keys.path("seed_file").orElse(stateDir.resolve("cluster.seed"));
        long epoch = keys.longInteger("epoch", 0, 0, 1L << 40);
        long period = keys.longInteger("rotation_period_s", RotationPolicy.DEFAULT_PERIOD_SECONDS, 1, 1L << 32);
        int poll = keys.integer("client_poll_s", 1024, 1, 1 << 20);
        RotationPolicy policy;
        try {
            policy = new RotationPolicy(period, 8, poll);
        } catch (IllegalArgumentException e) {
            throw error("keys.rotation_period_s", e.getMessage() + " (or lower keys.client_poll_s)");
        }
        Optional<Path> importChrony = keys.path("import_chrony");
        keys.rejectUnknown();

        Section mg = section(root, "management");
        Optional<InetSocketAddress> mgListen = Optional.empty();
        Optional<String> mgListenText = mg.string("listen");
        if (mgListenText.isPresent()) {
            try {
                mgListen = Optional.of(HostPort.parse(mgListenText.get()));
            } catch (IllegalArgumentException e) {
                throw error("management.listen", e.getMessage());
            }
        }
        Optional<Path> token = mg.path("token_file");
        Optional<Path> clientCa = mg.path("client_ca");
        boolean readWrite = mg.bool("read_write", false);
        boolean metricsOpen = mg.bool("metrics_unauthenticated", false);
        boolean loopbackOpen = mg.bool("allow_unauthenticated_loopback", false);
        int reloadS = mg.integer("certificate_reload_s", (int) ManagementSettings.DEFAULT_CERTIFICATE_RELOAD.toSeconds(),
                0, 86_400);
        mg.rejectUnknown();

        GnssSettings gnss = root.has("gnss") ? GnssConfigReader.read(section(root, "gnss")) : GnssSettings.none();
        FpgaSettings fpga = board ? FpgaConfigReader.read(section(root, "fpga")) : FpgaSettings.none();
        // The FPGA's port has its own addresses, not this host's: NTS-KE must send clients there
        // (a Server record with the address literal, RFC 8915 section 4.1.7) unless told otherwise.
        if (board && ntpServer.isEmpty()) {
            ntpServer = Optional.of(fpga.ipv4().<java.net.InetAddress>map(a -> a)
                    .or(() -> fpga.ipv6().map(a -> a)).orElseThrow().getHostAddress());
        }
        if (board && gnss.enabled() && !gnss.disciplinesFpgaClock()) {
            throw error("gnss.pps", "must be \"fpga\" with [fpga]: what the board serves is the FPGA's clock, which only the "
                    + "time service disciplines (from the FPGA's PPS input); a monitored receiver would light the LEDs for "
                    + "the host clock while the FPGA serves leap 3 / stratum 16");
        }

        return new ApplianceConfig(stateDir,
                new NtsKeSettings(keListen, cert, key, cookies, Duration.ofMillis(deadlineMs), maxConn, rate, burst,
                        aeads, ntpServer, ntpPort, keEnabled, keCrypto),
                new NtpSettings(ntpListen, alt, threads, ntpEnabled, io, crypto),
                new ClockSettings(stratum, refId, refText, precision, rootDelay, rootDisp, requireSync),
                new KeysSettings(stateFile, seedFile, epoch, policy, importChrony),
                new ManagementSettings(mgListen, token, clientCa, readWrite, metricsOpen, loopbackOpen,
                        Duration.ofSeconds(reloadS)), gnss, fpga);
    }

    /**
     * Board mode: the FPGA answers NTP on its port, so the software datapath's [ntp] keys have
     * nothing to configure; any of them (listen, alternate_port, threads, io, enabled) is an
     * error rather than silently ignored. [fpga] alternate_port is the FPGA's second port.
     */
    private void rejectNtpOnBoard(ObjectNode root) throws ConfigException {
        JsonNode ntp = root.get("ntp");
        if (!(ntp instanceof ObjectNode o) || o.isEmpty()) return;
        String k = o.fieldNames().next();
        throw error("ntp." + k, "not with [fpga]: the FPGA answers NTP/NTS on its own port (udp 123 on fpga.ipv4/ipv6, "
                + "plus fpga.alternate_port), the host opens no NTP listener; remove [ntp]"
                + (k.equals("alternate_port") ? " (the FPGA's second port is fpga.alternate_port)" : ""));
    }

    private int referenceId(String text, int stratum) throws ConfigException {
        if (stratum == 1) {
            if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(c -> c >= 0x21 && c < 0x7F)) {
                throw error("clock.reference_id", "at stratum 1 must be 1-4 printable ASCII characters (e.g. \"GPS\", \"PPS\")");
            }
            int id = 0;
            for (int i = 0; i < 4; i++) id = (id << 8) | (i < text.length() ? text.charAt(i) : 0);
            return id;
        }
        InetAddress a;
        try {
            a = InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            a = null;
        }
        if (!(a instanceof Inet4Address v4)) {
            throw error("clock.reference_id", "at stratum " + stratum + " must be the upstream server's IPv4 address");
        }
        byte[] b = v4.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    private void applyOverrides(ObjectNode root) {
        TomlMapper m = new TomlMapper();
        for (Map.Entry<String, ConfigOverrides.Override> e : overrides.byKey().entrySet()) {
            String k = e.getKey();
            int dot = k.indexOf('.');
            ObjectNode target = root;
            if (dot >= 0) {
                String sec = k.substring(0, dot);
                JsonNode s = root.get(sec);
                target = s instanceof ObjectNode o ? o : root.putObject(sec);
                k = k.substring(dot + 1);
            }
            target.set(k, m.valueToTree(e.getValue().value()));
        }
    }

    private Section section(ObjectNode root, String name) {
        JsonNode n = root.get(name);
        return new Section(name, n == null ? new TomlMapper().createObjectNode() : (ObjectNode) n, false);
    }

    private ConfigException error(String key, String message) {
        String opt = overrides.optionFor(key);
        return new ConfigException(key, source + ": " + key + (opt == null ? "" : " (from " + opt + ")") + ": " + message);
    }

    /** One table: typed getters that remember which keys were read, so the rest can be rejected. */
    final class Section {
        final String name;
        final ObjectNode node;
        final boolean top;
        final Set<String> seen = new HashSet<>();

        Section(String name, ObjectNode node, boolean top) {
            this.name = name;
            this.node = node;
            this.top = top;
        }

        String key(String k) { return top ? k : name + "." + k; }

        /** An error about key {@code k} of this section. */
        ConfigException fail(String k, String message) { return error(key(k), message); }

        boolean has(String k) { return node.has(k); }

        JsonNode get(String k) {
            seen.add(k);
            return node.get(k);
        }

        void rejectUnknown() throws ConfigException {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!seen.contains(k)) throw error(key(k), "unknown key in [" + name + "]");
            }
        }

        int integer(String k, int dflt, int min, int max) throws ConfigException {
            return (int) longInteger(k, dflt, min, max);
        }

        long longInteger(String k, long dflt, long min, long max) throws ConfigException {
            JsonNode v = get(k);
            if (v == null) return dflt;
            if (!v.isIntegralNumber()) throw error(key(k), "must be an integer, not " + describe(v));
            if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
                throw error(key(k), v.asText() + " is out of range " + min + ".." + max);
            }
            return v.asLong();
        }

        OptionalInt optionalInteger(String k, int min, int max) throws ConfigException {
            if (get(k) == null) return OptionalInt.empty();
            return OptionalInt.of(integer(k, 0, min, max));
        }

        double decimal(String k, double dflt, double min, double max) throws ConfigException {
            JsonNode v = get(k);
            if (v == null) return dflt;
            if (!v.isNumber()) throw error(key(k), "must be a number, not " + describe(v));
            double d = v.asDouble();
            if (!(d >= min && d <= max)) throw error(key(k), v.asText() + " is out of range " + min + ".." + max);
            return d;
        }

        boolean bool(String k, boolean dflt) throws ConfigException {
            JsonNode v = get(k);
            if (v == null) return dflt;
            if (!v.isBoolean()) throw error(key(k), "must be true or false, not " + describe(v));
            return v.asBoolean();
        }

        Optional<String> string(String k) throws ConfigException {
            JsonNode v = get(k);
            if (v == null) return Optional.empty();
            if (!v.isTextual()) throw error(key(k), "must be a string, not " + describe(v));
            return Optional.of(v.asText());
        }

        Optional<Path> path(String k) throws ConfigException {
            Optional<String> s = string(k);
            if (s.isEmpty()) return Optional.empty();
            if (s.get().isBlank()) throw error(key(k), "must not be empty");
            try {
                Path p = Path.of(s.get());
                // A value from the command line is relative to the working directory, one from the file to the file.
                return Optional.of(p.isAbsolute() || overrides.optionFor(key(k)) != null ? p : baseDir.resolve(p));
            } catch (java.nio.file.InvalidPathException e) {
                throw error(key(k), "'" + s.get() + "' is not a valid path");
            }
        }

        List<InetSocketAddress> addresses(String k, List<String> dflt) throws ConfigException {
            JsonNode v = get(k);
            List<String> items = new ArrayList<>();
            if (v == null) {
                items.addAll(dflt);
            } else if (v.isTextual()) {
                items.add(v.asText());
            } else if (v.isArray()) {
                for (JsonNode e : v) {
                    if (!e.isTextual()) throw error(key(k), "list items must be strings \"ADDR:PORT\", not " + describe(e));
                    items.add(e.asText());
                }
            } else {
                throw error(key(k), "must be a list of \"ADDR:PORT\" strings, not " + describe(v));
            }
            if (items.isEmpty()) throw error(key(k), "needs at least one address");
            List<InetSocketAddress> out = new ArrayList<>();
            for (String s : items) {
                try {
                    InetSocketAddress a = HostPort.parse(s);
                    if (out.contains(a)) throw new IllegalArgumentException("'" + s + "' is listed twice");
                    out.add(a);
                } catch (IllegalArgumentException e) {
                    throw error(key(k), e.getMessage());
                }
            }
            return out;
        }

        List<Integer> aeads(String k) throws ConfigException {
            JsonNode v = get(k);
            if (v == null) return SOFTWARE_AEADS;
            if (!v.isArray() || v.isEmpty()) throw error(key(k), "must be a non-empty list of AEAD ids, e.g. [15, 17, 30]");
            List<Integer> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isIntegralNumber()) throw error(key(k), "AEAD ids are integers, not " + describe(e));
                int id = e.asInt();
                if (!SOFTWARE_AEADS.contains(id)) {
                    throw error(key(k), "AEAD " + e.asText() + " is not served by the software datapath (it serves "
                            + SOFTWARE_AEADS + ")");
                }
                if (out.contains(id)) throw error(key(k), "AEAD " + id + " is listed twice");
                out.add(id);
            }
            return out;
        }
    }

    private static String describe(JsonNode v) {
        if (v.isTextual()) return "the string \"" + v.asText() + "\"";
        if (v.isObject()) return "a table";
        if (v.isArray()) return "a list";
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + v.asText();
    }
}
