package net.ntsbox.metrics;

import net.ntsbox.server.DatapathCounters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.RotationPolicy;
import net.ntsbox.server.StepOutcome;
import net.ntsbox.tls.CertificateStatus;
import org.junit.jupiter.api.Test;

class TextFormatTest {
    @Test
    void escapingAndNumbers() {
        MetricFamily f = MetricFamily.gauge("ntsbox_test_value", "Help with \\ backslash,\nnewline and \"quotes\"")
                .add(1, "path", "C:\\dir\n\"x\"")
                .add(0.25, "a", "1", "b", "")
                .add(-3)
                .add(Double.POSITIVE_INFINITY, "v", "inf")
                .add(Double.NEGATIVE_INFINITY, "v", "-inf")
                .add(Double.NaN, "v", "nan")
                .add(1.5e-7, "v", "small")
                .add(12345678901234.0, "v", "big")
                .build();
        assertEquals("""
                # HELP ntsbox_test_value Help with \\\\ backslash,\\nnewline and "quotes"
                # TYPE ntsbox_test_value gauge
                ntsbox_test_value{path="C:\\\\dir\\n\\"x\\""} 1
                ntsbox_test_value{a="1",b=""} 0.25
                ntsbox_test_value -3
                ntsbox_test_value{v="inf"} +Inf
                ntsbox_test_value{v="-inf"} -Inf
                ntsbox_test_value{v="nan"} NaN
                ntsbox_test_value{v="small"} 1.5E-7
                ntsbox_test_value{v="big"} 12345678901234
                """, TextFormat.write(List.of(f)));
    }

    @Test
    void namesFollowTheConventions() {
        assertThrows(IllegalArgumentException.class, () -> MetricFamily.counter("ntsbox_requests", "x").build());
        assertThrows(IllegalArgumentException.class, () -> MetricFamily.gauge("ntsbox_open_total", "x").build());
        assertThrows(IllegalArgumentException.class, () -> MetricFamily.gauge("requests", "x").build());
        assertThrows(IllegalArgumentException.class, () -> MetricFamily.gauge("ntsbox_bad-name", "x").build());
        assertThrows(IllegalArgumentException.class, () -> MetricFamily.gauge("ntsbox_x", "x").add(1, "__reserved", "v"));
        assertThrows(IllegalArgumentException.class, () -> MetricFamily.gauge("ntsbox_x", "x").add(1, "1abc", "v"));
        assertThrows(IllegalArgumentException.class, () -> MetricFamily.gauge("ntsbox_x", "x").add(1, "odd"));
        assertThrows(IllegalArgumentException.class, () -> new Histogram("ntsbox_h_seconds", "x", 1, 1));
    }

    @Test
    void histogramBucketsAreCumulativeWithInf() {
        Histogram h = new Histogram("ntsbox_test_duration_seconds", "Test durations", 0.01, 0.1, 1);
        h.record(0.005);
        h.record(0.01); // le is inclusive
        h.record(0.05);
        h.recordNanos(2_000_000_000L);
        assertEquals(4, h.count());
        assertEquals("""
                # HELP ntsbox_test_duration_seconds Test durations
                # TYPE ntsbox_test_duration_seconds histogram
                ntsbox_test_duration_seconds_bucket{le="0.01"} 2
                ntsbox_test_duration_seconds_bucket{le="0.1"} 3
                ntsbox_test_duration_seconds_bucket{le="1"} 3
                ntsbox_test_duration_seconds_bucket{le="+Inf"} 4
                ntsbox_test_duration_seconds_sum 2.065
                ntsbox_test_duration_seconds_count 4
                """, TextFormat.write(List.of(h.family())));
    }

    @Test
    void registryRefusesDuplicateFamilies() {
        MetricRegistry r = new MetricRegistry();
        r.register(new ProcessMetrics("1.2.3", Instant.ofEpochSecond(1_700_000_000, 500_000_000)));
        assertThrows(IllegalArgumentException.class, () -> r.register(new ProcessMetrics("x", Instant.EPOCH)));
        assertEquals("""
                # HELP ntsbox_build_info Always 1; the label names the running version
                # TYPE ntsbox_build_info gauge
                ntsbox_build_info{version="1.2.3"} 1
                # HELP ntsbox_start_time_seconds When this process started, Unix time
                # TYPE ntsbox_start_time_seconds gauge
                ntsbox_start_time_seconds 1.7000000005E9
                """, r.scrape());
    }

    @Test
    void datapathFromOutcomeCounts() {
        DatapathCounters c = new DatapathCounters();
        KeyRing ring = KeyRing.fromSeed(new byte[32], 0, RotationPolicy.DEFAULT, 100 * 86400L + 5);
        for (int i = 0; i < 3; i++) {
            c.record(StepOutcome.NTS_RESPONSE, ring.current());
        }
        c.record(StepOutcome.PLAIN_RESPONSE, null);
        c.record(StepOutcome.NAK_UNKNOWN_KEY, null);
        c.record(StepOutcome.DROP_SHORT_UID, null);
        c.record(StepOutcome.DROP_SHORT_UID, null);
        String text = new MetricRegistry().register(new DatapathMetrics(c)).scrape();
        assertEquals("""
                # HELP ntsbox_ntp_requests_total Datagrams handled by the NTP/NTS server step
                # TYPE ntsbox_ntp_requests_total counter
                ntsbox_ntp_requests_total 7
                # HELP ntsbox_ntp_responses_total NTP responses sent, by kind (plain NTP or authenticated NTS)
                # TYPE ntsbox_ntp_responses_total counter
                ntsbox_ntp_responses_total{kind="plain"} 1
                ntsbox_ntp_responses_total{kind="nts"} 3
                # HELP ntsbox_nts_naks_total NTS NAK responses sent, by reason
                # TYPE ntsbox_nts_naks_total counter
                ntsbox_nts_naks_total{reason="unknown_key"} 1
                ntsbox_nts_naks_total{reason="bad_cookie"} 0
                ntsbox_nts_naks_total{reason="bad_authenticator"} 0
                # HELP ntsbox_ntp_drops_total Requests dropped without a response, by reason
                # TYPE ntsbox_ntp_drops_total counter
                ntsbox_ntp_drops_total{reason="malformed_packet"} 0
                ntsbox_ntp_drops_total{reason="not_client_mode"} 0
                ntsbox_ntp_drops_total{reason="missing_uid"} 0
                ntsbox_ntp_drops_total{reason="duplicate_uid"} 0
                ntsbox_ntp_drops_total{reason="short_uid"} 2
                ntsbox_ntp_drops_total{reason="missing_cookie"} 0
                ntsbox_ntp_drops_total{reason="duplicate_cookie"} 0
                ntsbox_ntp_drops_total{reason="missing_authenticator"} 0
                ntsbox_ntp_drops_total{reason="malformed_authenticator"} 0
                ntsbox_ntp_drops_total{reason="output_too_small"} 0
                # HELP ntsbox_nts_key_slot_uses_total Cookies opened, by master-key slot (low 2 bits of the key ID)
                # TYPE ntsbox_nts_key_slot_uses_total counter
                ntsbox_nts_key_slot_uses_total{slot="0"} 3
                ntsbox_nts_key_slot_uses_total{slot="1"} 0
                ntsbox_nts_key_slot_uses_total{slot="2"} 0
                ntsbox_nts_key_slot_uses_total{slot="3"} 0
                """, text);
        // A map from another datapath (the FPGA driver) may omit outcomes: they count as 0.
        String fpga = TextFormat.write(new DatapathMetrics(() -> Map.of(StepOutcome.NTS_RESPONSE, 9L), s -> s).collect());
        assertEquals(true, fpga.contains("ntsbox_ntp_requests_total 9\n"));
        assertEquals(true, fpga.contains("ntsbox_nts_key_slot_uses_total{slot=\"3\"} 3\n"));
    }

    @Test
    void keyRingShowsIdsRolesAndNextRotation() {
        // Period 100 of a 1-day ring from epoch 0: key IDs are the period numbers.
        KeyRing ring = KeyRing.fromSeed(new byte[32], 0, RotationPolicy.DEFAULT, 100 * 86400L + 5);
        String text = TextFormat.write(new KeyRingMetrics(() -> ring, () -> 100 * 86400L + 5).collect());
        assertEquals("""
                # HELP ntsbox_nts_key_info Always 1 per live master key; labels give its ID, slot and role (no key material)
                # TYPE ntsbox_nts_key_info gauge
                ntsbox_nts_key_info{key_id="00000065",slot="1",role="future"} 1
                ntsbox_nts_key_info{key_id="00000064",slot="0",role="current"} 1
                ntsbox_nts_key_info{key_id="00000063",slot="3",role="past"} 1
                ntsbox_nts_key_info{key_id="00000062",slot="2",role="past"} 1
                # HELP ntsbox_nts_key_period Rotation period of the current (minting) key
                # TYPE ntsbox_nts_key_period gauge
                ntsbox_nts_key_period 100
                # HELP ntsbox_nts_key_next_rotation_timestamp_seconds When the future key becomes current, Unix time
                # TYPE ntsbox_nts_key_next_rotation_timestamp_seconds gauge
                ntsbox_nts_key_next_rotation_timestamp_seconds 8726400
                """, text);
    }

    @Test
    void clockGaugesOmitUnknownValues() {
        ClockStatus[] now = {new ClockStatus(ClockState.LOCKED, "GPS", 1, -2.5e-8, 1234.5, 0)};
        ClockMetrics m = new ClockMetrics(() -> now[0]);
        assertEquals("""
                # HELP ntsbox_clock_state 1 for the clock discipline state in force, 0 for the others
                # TYPE ntsbox_clock_state gauge
                ntsbox_clock_state{state="unsynchronized"} 0
                ntsbox_clock_state{state="acquiring"} 0
                ntsbox_clock_state{state="locked"} 1
                ntsbox_clock_state{state="holdover"} 0
                # HELP ntsbox_clock_stratum Stratum announced in responses
                # TYPE ntsbox_clock_stratum gauge
                ntsbox_clock_stratum 1
                # HELP ntsbox_clock_offset_seconds Offset of the system clock from the reference
                # TYPE ntsbox_clock_offset_seconds gauge
                ntsbox_clock_offset_seconds -2.5E-8
                # HELP ntsbox_clock_frequency_offset_ratio Frequency correction applied to the system clock (1e-9 = 1 ppb)
                # TYPE ntsbox_clock_frequency_offset_ratio gauge
                ntsbox_clock_frequency_offset_ratio 1.2345E-6
                # HELP ntsbox_clock_holdover_seconds Time since the reference was lost (0 when not in holdover)
                # TYPE ntsbox_clock_holdover_seconds gauge
                ntsbox_clock_holdover_seconds 0
                """, TextFormat.write(m.collect()));
        now[0] = new ClockStatus(ClockState.UNSYNCHRONIZED, null, 16, Double.NaN, Double.NaN, Double.NaN);
        String text = TextFormat.write(m.collect());
        assertEquals(true, text.contains("ntsbox_clock_state{state=\"unsynchronized\"} 1\n"));
        assertEquals(true, text.contains("# TYPE ntsbox_clock_offset_seconds gauge\n# HELP ntsbox_clock_frequency"));
        assertEquals(false, text.contains("NaN"));
    }

    @Test
    void certificateExpiryAndReloads() {
        CertificateStatus s = new CertificateStatus("/etc/ntsbox/cert.pem", "CN=time.example", "CN=CA", "EC P-256",
                Instant.ofEpochSecond(1_700_000_000), Instant.ofEpochSecond(1_707_776_000), Instant.ofEpochSecond(1_700_000_100),
                3, 2, 1, Instant.ofEpochSecond(1_700_000_200), Instant.ofEpochSecond(1_700_000_150), false, "bad");
        assertEquals("""
                # HELP ntsbox_tls_certificate_expiry_timestamp_seconds notAfter of the leaf certificate in use, Unix time
                # TYPE ntsbox_tls_certificate_expiry_timestamp_seconds gauge
                ntsbox_tls_certificate_expiry_timestamp_seconds{listener="nts_ke"} 1707776000
                # HELP ntsbox_tls_certificate_loaded_timestamp_seconds When the certificate in use was loaded, Unix time
                # TYPE ntsbox_tls_certificate_loaded_timestamp_seconds gauge
                ntsbox_tls_certificate_loaded_timestamp_seconds{listener="nts_ke"} 1700000100
                # HELP ntsbox_tls_certificate_reloads_total Certificate reload attempts after a file change, by result
                # TYPE ntsbox_tls_certificate_reloads_total counter
                ntsbox_tls_certificate_reloads_total{listener="nts_ke",result="ok"} 2
                ntsbox_tls_certificate_reloads_total{listener="nts_ke",result="failed"} 1
                # HELP ntsbox_tls_certificate_last_reload_success 1 when the last reload attempt succeeded (or none was needed), 0 when the files in place are broken
                # TYPE ntsbox_tls_certificate_last_reload_success gauge
                ntsbox_tls_certificate_last_reload_success{listener="nts_ke"} 0
                """, TextFormat.write(new CertificateMetrics(Map.of("nts_ke", () -> s)).collect()));
    }
}
