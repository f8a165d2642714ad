package io.dbagent.advisor;

import io.dbagent.DbAgentException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Workload and query-log files as the advisor reads them: refused at once above a size limit (a 50 MB file is
 * hundreds of thousands of statements, each of which the advisor would cost), read in a stream that stops at the
 * limit even if the file grows (or is a pipe), and parsed with a progress line on stderr every few seconds.
 */
public final class InputFiles {

    /** Default limit, in MB, of {@code --max-input-mb}. */
    public static final int DEFAULT_MAX_MB = 20;

    /** How often the progress line is printed (tests shorten it). */
    static volatile long progressEveryMs = 2_000;

    private InputFiles() {
    }

    /**
     * Reads {@code file} and parses it with {@code parse}, printing {@code reading <what>: 12.3 MB, 4 s} lines to
     * {@code progress} while that takes long, and one closing line with the statement count if any was printed.
     */
    public static <T> T parse(Path file, String what, int maxMb, PrintWriter progress, Function<String, T> parse,
                              ToIntFunction<T> statements) {
        String text = read(file, what, maxMb);
        double mb = text.length() / 1e6; // characters, near enough to bytes for a progress line
        long t0 = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dbagent-input-progress");
            t.setDaemon(true);
            return t;
        });
        boolean[] printed = {false};
        ticker.scheduleAtFixedRate(() -> {
            synchronized (printed) {
                printed[0] = true;
                progress.println(String.format(Locale.ROOT, "reading %s: %.1f MB, %d s", what, mb,
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)));
                progress.flush();
            }
        }, progressEveryMs, progressEveryMs, TimeUnit.MILLISECONDS);
        T result;
        try {
            result = parse.apply(text);
        } finally {
            ticker.shutdownNow();
        }
        synchronized (printed) {
            if (printed[0]) {
                progress.println(String.format(Locale.ROOT, "read %s: %.1f MB, %,d statements in %.1f s", what, mb,
                        statements.applyAsInt(result), (System.nanoTime() - t0) / 1e9));
                progress.flush();
            }
        }
        return result;
    }

    /** The file's text, or one line of bad input when it is missing, too large or not UTF-8. */
    public static String read(Path file, String what, int maxMb) {
        if (maxMb <= 0) {
            throw DbAgentException.badInput("--max-input-mb must be at least 1");
        }
        long max = maxMb * 1_000_000L;
        try {
            if (Files.isRegularFile(file) && Files.size(file) > max) {
                throw tooLarge(file, what, Files.size(file), maxMb);
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            }
            if (bytes.length > max) {
                throw tooLarge(file, what, -1, maxMb);
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw DbAgentException.badInput(what + " file not found: " + file);
        } catch (CharacterCodingException e) {
            throw DbAgentException.badInput(what + " file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot read " + what + " file " + file + ": " + e.getMessage());
        }
    }

    private static DbAgentException tooLarge(Path file, String what, long size, int maxMb) {
        return DbAgentException.badInput(String.format(Locale.ROOT, "%s file %s is %s, over the limit of %d MB: "
                        + "give a smaller sample of it, or raise the limit with --max-input-mb", what, file,
                size < 0 ? "larger" : String.format(Locale.ROOT, "%.1f MB", size / 1e6), maxMb));
    }
}
