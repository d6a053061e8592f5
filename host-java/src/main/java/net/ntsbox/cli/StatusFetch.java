package net.ntsbox.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * {@code GET /api/v1/status} of a management endpoint. Every way it can fail becomes one
 * message that says which it was — connection refused, timeout, TLS failure, 401, another
 * HTTP status, a body that is not the status JSON — never an exception, never the token.
 */
final class StatusFetch {
    static final String PATH = "/api/v1/status";

    /** The outcome: {@code body} and {@code json} on success, else {@code failure}. */
    record Result(String body, JsonObject json, String failure) {
        static Result failed(String why) { return new Result(null, null, why); }
        boolean ok() { return failure == null; }
    }

    private StatusFetch() {}

    static Result get(ManagementEndpoint ep, Duration timeout) {
        URI uri = URI.create(ep.base() + PATH);
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (ep.tls() != null) b.sslContext(ep.tls());
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET();
        if (ep.token() != null) req.header("Authorization", "Bearer " + ep.token());
        HttpResponse<String> r;
        try (HttpClient http = b.build()) {
            r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed(uri + ": interrupted");
        } catch (IOException e) {
            return Result.failed(uri + ": " + describe(e, ep, timeout));
        } catch (IllegalArgumentException e) {
            return Result.failed(uri + ": " + e.getMessage());
        }
        return interpret(uri, r.statusCode(), r.body(), ep);
    }

    static Result interpret(URI uri, int status, String body, ManagementEndpoint ep) {
        if (status == 401) {
            return Result.failed(uri + ": HTTP 401 Unauthorized (" + serverMessage(body) + "); "
                    + (ep.token() == null ? "no bearer token was sent: give --token-file"
                            : "the bearer token was refused: check --token-file / [management] token_file")
                    + (ep.tls() != null ? ", or the client certificate (--client-cert/--client-key)" : ""));
        }
        if (status != 200) {
            return Result.failed(uri + ": HTTP " + status + " (" + serverMessage(body) + ")");
        }
        try {
            JsonObject o = new JsonObject(body);
            if (!o.containsKey("version") || !o.containsKey("time_source")) {
                return Result.failed(uri + ": the answer is JSON but not an ntsbox status document");
            }
            return new Result(body, o, null);
        } catch (DecodeException | ClassCastException e) {
            return Result.failed(uri + ": the answer is not JSON (is this the ntsbox management API?)");
        }
    }

    private static String serverMessage(String body) {
        try {
            JsonObject o = new JsonObject(body);
            Object m = o.getValue("message");
            Object c = o.getValue("error");
            if (m != null || c != null) return (c == null ? "" : c + ": ") + (m == null ? "" : m);
        } catch (RuntimeException e) {
            // not the API's JSON error: fall through
        }
        return "no error message";
    }

    /** The cause that says what happened, innermost known type first. */
    static String describe(IOException e, ManagementEndpoint ep, Duration timeout) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "unreachable: no TCP connection within " + seconds(timeout) + " (host down or filtered?)";
            }
            if (t instanceof ConnectException) {
                return "connection refused (nothing listens there: is 'ntsbox serve' running with [management] listen?)";
            }
            if (t instanceof SSLException) {
                return "TLS failure: " + t.getMessage() + " (server certificate checked against " + ep.trust() + ")";
            }
            if (t instanceof HttpTimeoutException) {
                return "no answer within " + seconds(timeout);
            }
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (ep.tls() == null && m.contains("header parser received no bytes")) {
            return "the server closed the connection without an answer (" + m
                    + "; an HTTPS API asked over plain HTTP? try --url https://...)";
        }
        return "connection failed: " + m;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
