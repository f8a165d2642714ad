package io.dbagent.agent;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.UnresolvedModelServerException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * Turns what a model provider threw into the cause a user can act on: connection refused, unknown host, a rejected
 * key (401/403), a model the server does not have (404), a rate limit (429), a timeout, or the HTTP status and the
 * server's first line. Provider libraries often wrap the real cause without a message ({@code ConnectException}
 * with {@code null}), so the whole cause chain is read, innermost facts first.
 */
public final class ModelFailure {

    private ModelFailure() {
    }

    /** One line naming the model and endpoint ({@code label}, never the key) and the cause. */
    public static String message(String label, Throwable t) {
        return "model call to " + (label == null || label.isBlank() ? "the model" : label) + " failed: " + cause(t);
    }

    /** The cause of a failed model call, in words. */
    public static String cause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return "connection refused (is the server running and the address right?)";
            }
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                return "unknown host" + detail(c) + " (check the base URL and the network)";
            }
            if (c instanceof HttpConnectTimeoutException) {
                return "connection timed out";
            }
            if (c instanceof HttpTimeoutException || c instanceof SocketTimeoutException
                    || c instanceof dev.langchain4j.exception.TimeoutException
                    || c instanceof java.util.concurrent.TimeoutException) {
                return "timed out waiting for the answer (after " + ModelConfig.TIMEOUT.toSeconds() + " s)";
            }
            if (c instanceof AuthenticationException) {
                return "authentication rejected (HTTP 401/403): check the API key" + detail(c);
            }
            if (c instanceof ModelNotFoundException) {
                return "model not found on the server (HTTP 404)" + detail(c);
            }
            if (c instanceof RateLimitException) {
                return "rate limited (HTTP 429)" + detail(c);
            }
            if (c instanceof HttpException h) {
                return switch (h.statusCode()) {
                    case 401, 403 -> "authentication rejected (HTTP " + h.statusCode() + "): check the API key"
                            + detail(c);
                    case 404 -> "not found (HTTP 404): check the model name and the base URL" + detail(c);
                    case 429 -> "rate limited (HTTP 429)" + detail(c);
                    default -> "HTTP " + h.statusCode() + detail(c);
                };
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnresolvedModelServerException) {
                return "cannot reach the server" + detail(c) + " (check the base URL and the network)";
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = firstLine(c.getMessage());
            if (!m.isEmpty()) {
                return m;
            }
        }
        return t == null ? "unknown error" : t.getClass().getSimpleName();
    }

    private static String detail(Throwable c) {
        String m = firstLine(c.getMessage());
        if (m.isEmpty() || m.toLowerCase(Locale.ROOT).startsWith("java.")) {
            return "";
        }
        return ": " + (m.length() > 200 ? m.substring(0, 200) + "…" : m);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
}
