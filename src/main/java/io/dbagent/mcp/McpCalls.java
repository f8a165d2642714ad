package io.dbagent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbagent.guard.RunningStatements;
import io.dbagent.report.Json;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tool calls in flight: run on a bounded pool, each with a time limit, each answered exactly once. A call that
 * passes its limit, is cancelled by the client, or is still running when the server shuts down is answered (or, when
 * the client cancelled it, dropped) at once, and its thread's registered statements are cancelled on the database
 * server ({@link RunningStatements#cancel(Thread)}) and the thread interrupted, so nothing keeps running for an
 * answer nobody will read. The call's lock makes "answer" and "cancel the thread's statements" one step: a thread
 * that has already moved on to another call is never cancelled by mistake.
 */
final class McpCalls {

    /** How many calls may wait for a thread before new ones are refused as "busy". */
    private static final int QUEUE = 64;

    private final ThreadPoolExecutor pool;
    private final ScheduledThreadPoolExecutor timers;
    private final Duration callTimeout;
    private final Consumer<JsonNode> send;
    private final Map<String, Call> inFlight = new ConcurrentHashMap<>();

    McpCalls(int maxConcurrent, Duration callTimeout, Consumer<JsonNode> send) {
        this.pool = new ThreadPoolExecutor(maxConcurrent, maxConcurrent, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(QUEUE), daemon("dbagent-mcp-call-"));
        this.timers = new ScheduledThreadPoolExecutor(1, daemon("dbagent-mcp-timer-"));
        this.timers.setRemoveOnCancelPolicy(true);
        this.callTimeout = callTimeout;
        this.send = send;
    }

    /** Key of a JSON-RPC id: 1 and "1" are different ids. */
    static String key(JsonNode id) {
        return id.toString();
    }

    boolean inFlight(JsonNode id) {
        return inFlight.containsKey(key(id));
    }

    /** Queues a call; its answer is sent when it ends, times out, or the server shuts down. */
    void submit(JsonNode id, String tool, Supplier<String> body) {
        submit(new Call(id, tool, false), body);
    }

    /**
     * Queues a request other than a tool call (a resource read): its result is the JSON-RPC result itself, and a
     * failure is a JSON-RPC error (-32602 for bad input, -32603 otherwise) instead of a tool result marked isError.
     */
    void submitRequest(JsonNode id, String what, Supplier<JsonNode> body) {
        submit(new Call(id, what, true), () -> {
            try {
                return Json.write(Map.of("result", body.get()));
            } catch (IllegalArgumentException | io.dbagent.DbAgentException e) {
                return Json.write(Map.of("error", io.dbagent.jdbc.Redactor.redact(String.valueOf(e.getMessage())),
                        "code", McpStdioServer.INVALID_PARAMS));
            }
        });
    }

    private void submit(Call call, Supplier<String> body) {
        JsonNode id = call.id;
        inFlight.put(key(id), call);
        try {
            pool.execute(new Task(call, body));
        } catch (RejectedExecutionException e) {
            call.abort("server busy: " + pool.getMaximumPoolSize() + " calls running and " + QUEUE
                    + " waiting; try again later", true);
        }
    }

    /** {@code notifications/cancelled}: the client no longer wants the answer (an unknown id is ignored). */
    void cancelledByClient(JsonNode requestId) {
        Call call = requestId == null ? null : inFlight.get(key(requestId));
        if (call != null) {
            call.abort("cancelled by the client", false);
        }
    }

    /**
     * stdin closed: calls not started are answered as cancelled; running calls get {@code grace} to finish, then
     * are answered as cancelled and their statements cancelled.
     */
    void shutdown(Duration grace) throws InterruptedException {
        pool.shutdown();
        List<Runnable> queued = new ArrayList<>();
        pool.getQueue().drainTo(queued);
        for (Runnable r : queued) {
            ((Task) r).call.abort("cancelled: the client closed the connection before the call started", true);
        }
        if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            for (Call c : List.copyOf(inFlight.values())) {
                c.abort("cancelled: the client closed the connection and the call did not finish within "
                        + grace.toSeconds() + " s", true);
            }
            // give cancelled statements a moment to end so the driver's cancel requests reach the server
            pool.awaitTermination(2, TimeUnit.SECONDS);
        }
        timers.shutdownNow();
    }

    /** A queued call, so that shutdown can tell the calls that never started. */
    private record Task(Call call, Supplier<String> body) implements Runnable {
        @Override
        public void run() {
            call.run(body);
        }
    }

    /** One tool call. */
    final class Call {
        private final JsonNode id;
        private final String tool;
        private Thread thread;
        private boolean answered;
        private ScheduledFuture<?> timer;
        private final boolean request;

        private Call(JsonNode id, String tool, boolean request) {
            this.id = id;
            this.tool = tool;
            this.request = request;
        }

        private JsonNode answer(String result, boolean failed) {
            if (!request) {
                return McpStdioServer.response(id, toolResult(result, failed));
            }
            try {
                JsonNode node = Json.MAPPER.readTree(result);
                if (node.has("result")) {
                    return McpStdioServer.response(id, node.get("result"));
                }
                return McpStdioServer.error(id, node.path("code").asInt(McpStdioServer.INTERNAL_ERROR),
                        node.path("error").asText("failed"));
            } catch (java.io.IOException e) {
                return McpStdioServer.error(id, McpStdioServer.INTERNAL_ERROR, tool + " failed");
            }
        }

        private void run(Supplier<String> body) {
            synchronized (this) {
                if (answered) {
                    return;
                }
                thread = Thread.currentThread();
                long ms = callTimeout.toMillis();
                timer = timers.schedule(() -> abort(tool + " did not finish within " + seconds(ms)
                        + "; it was cancelled and its statements stopped (raise --call-timeout for longer work)", true),
                        ms, TimeUnit.MILLISECONDS);
            }
            String result;
            try {
                result = body.get();
            } catch (RuntimeException | Error e) {
                result = Json.write(Map.of("error", "unexpected: " + e.getClass().getSimpleName()));
            }
            finish(result);
            // an abort may have interrupted this thread just before finish(); the next call must not inherit that
            Thread.interrupted();
        }

        private synchronized void finish(String result) {
            thread = null;
            if (timer != null) {
                timer.cancel(false);
            }
            if (!answered) {
                answered = true;
                inFlight.remove(key(id), this);
                send.accept(answer(result, McpStdioServer.isErrorJson(result)));
            }
        }

        /** Answers with an error (or drops the answer when the client cancelled) and stops the running work. */
        private synchronized void abort(String reason, boolean answer) {
            if (answered) {
                return;
            }
            answered = true;
            inFlight.remove(key(id), this);
            if (answer) {
                send.accept(request ? McpStdioServer.error(id, McpStdioServer.INTERNAL_ERROR, reason)
                        : McpStdioServer.response(id, toolResult(Json.write(Map.of("error", reason)), true)));
            }
            if (thread != null) {
                RunningStatements.cancel(thread);
                thread.interrupt();
            }
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    static ObjectNode toolResult(String text, boolean isError) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.putArray("content").addObject().put("type", "text").put("text", text);
        r.put("isError", isError);
        return r;
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
