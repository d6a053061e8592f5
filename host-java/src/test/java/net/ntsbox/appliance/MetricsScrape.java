package net.ntsbox.appliance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scrapes {@code /metrics} of the running appliance over HTTPS (bearer token) and parses the
 * Prometheus text format into "name{labels}" → value, so tests compare the exported series
 * with the in-process counters.
 */
final class MetricsScrape {
    private final HttpClient http;
    private final URI uri;
    private final String token;

    /** {@code tls}: trust for the management API's certificate (it serves HTTPS with the NTS-KE pair when one is configured). */
    MetricsScrape(SoftwareAppliance a, String token, javax.net.ssl.SSLContext tls) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build();
        this.uri = URI.create("https://127.0.0.1:" + a.management().boundAddress().getPort() + "/metrics");
        this.token = token;
    }

    /** Every sample line, keyed by its series exactly as written ({@code name{label="v"}}). */
    Map<String, Double> scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("/metrics: HTTP " + r.statusCode() + ": " + r.body());
        }
        return parse(r.body());
    }

    static Map<String, Double> parse(String text) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int sp = line.lastIndexOf(' ');
            m.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
        }
        return m;
    }

    /** The value of a series, 0 when absent (counters never seen are omitted by some collectors). */
    static long value(Map<String, Double> m, String series) {
        return m.getOrDefault(series, 0.0).longValue();
    }

    static String series(String name, String label, String value) {
        return name + "{" + label + "=\"" + value + "\"}";
    }
}
