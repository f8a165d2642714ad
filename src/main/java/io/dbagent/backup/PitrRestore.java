package io.dbagent.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.dbagent.DbAgentException;
import io.dbagent.report.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * PostgreSQL point-in-time recovery, part 2: copies a base backup into a new, empty data directory and configures it
 * to replay the WAL archive up to a moment ({@code restore_command}, {@code recovery_target_time},
 * {@code recovery_target_action = promote}, {@code recovery.signal}). It never touches an existing data directory and
 * never starts the server: an operator does, with the printed commands. Archiving is switched off in the copy, so the
 * restored server cannot write into the archive the original still uses.
 */
public final class PitrRestore {

    /** The file in a base backup folder that describes the backup (written by {@code backup pitr setup}). */
    public static final String BASE_INFO = "dbagent-base.json";

    private static final Pattern LABEL_START = Pattern.compile("START TIME: (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) (\\S+)");
    private static final DateTimeFormatter PG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'");
    private static final Set<String> SKIP = Set.of("postmaster.pid", "postmaster.opts", BASE_INFO);

    /** Options; {@code port} is optional (0: keep the base backup's). */
    public record Request(Path base, Path walArchive, String targetTime, Path pgdata, int port) {
    }

    /** What was prepared and how to start it. */
    public record Result(Path pgdata, Path base, Path walArchive, String recoveryTargetTime, Instant baseStarted,
                         long copiedBytes, List<String> steps) {
    }

    private PitrRestore() {
    }

    public static Result prepare(Request req) {
        Path base = req.base().toAbsolutePath().normalize();
        Path wal = req.walArchive().toAbsolutePath().normalize();
        Path pgdata = req.pgdata().toAbsolutePath().normalize();
        if (!Files.isRegularFile(base.resolve("PG_VERSION")) || !Files.isRegularFile(base.resolve("backup_label"))) {
            throw DbAgentException.badInput(base + " is not a plain-format base backup (PG_VERSION and backup_label "
                    + "expected; take one with dbagent backup pitr setup --base-dir DIR)");
        }
        if (!Files.isDirectory(wal)) {
            throw DbAgentException.badInput("WAL archive folder " + wal + " does not exist");
        }
        OffsetDateTime target = parseTime(req.targetTime());
        Instant baseStart = baseStart(base);
        if (baseStart != null && !target.toInstant().isAfter(baseStart)) {
            throw DbAgentException.badInput("target time " + target + " is before base backup " + base.getFileName()
                    + " started (" + baseStart + "): use an older base backup");
        }
        prepareEmpty(pgdata);
        long bytes = copy(base, pgdata);
        String targetText = PG_TIME.format(target.withOffsetSameInstant(ZoneOffset.UTC));
        String restoreCommand = "cp " + shellSafe(wal) + "/%f %p";
        StringBuilder conf = new StringBuilder("\n# dbagent backup pitr restore, " + Instant.now() + "\n");
        conf.append("restore_command = '").append(restoreCommand).append("'\n");
        conf.append("recovery_target_time = '").append(targetText).append("'\n");
        conf.append("recovery_target_action = 'promote'\n");
        conf.append("archive_mode = 'off'\n");
        if (req.port() > 0) {
            conf.append("port = ").append(req.port()).append('\n');
        }
        try {
            Files.writeString(pgdata.resolve("postgresql.auto.conf"), conf.toString(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Files.writeString(pgdata.resolve("recovery.signal"), "");
            Files.setPosixFilePermissions(pgdata, PosixFilePermissions.fromString("rwx------"));
            matchOwner(base, pgdata);
        } catch (IOException e) {
            throw BackupFolders.cannot("configure recovery in " + pgdata, e);
        }
        List<String> steps = new ArrayList<>();
        String owner = owner(base);
        String as = "root".equals(System.getProperty("user.name")) && !"root".equals(owner)
                ? "runuser -u " + owner + " -- " : "";
        if ("root".equals(owner) && "root".equals(System.getProperty("user.name"))) {
            steps.add("the files belong to root: chown -R postgres:postgres " + pgdata + " (the server refuses to "
                    + "run as root), and run the next command as that user");
        }
        steps.add("start it: " + as + "pg_ctl -D " + pgdata + " -l " + pgdata.resolve("recovery.log") + " start"
                + (req.port() > 0 ? "" : "   (set another port in postgresql.auto.conf if the original still runs)"));
        steps.add("watch " + pgdata.resolve("recovery.log") + " for 'recovery stopping before commit' and "
                + "'database system is ready to accept connections'; SELECT pg_is_in_recovery() turns false after "
                + "the promotion");
        steps.add("check the data as of " + targetText + ", then point applications at it, or dump the tables you "
                + "need from it into the production server");
        steps.add("archive_mode was switched off in the copy: set a NEW wal archive folder before enabling it, so the "
                + "restored timeline never writes into " + wal);
        return new Result(pgdata, base, wal, targetText, baseStart, bytes, steps);
    }

    /**
     * Accepts ISO-8601 with an offset ({@code 2025-03-01T14:05:00Z}, {@code 2025-03-01T14:05:00+01:00}) and the
     * PostgreSQL form ({@code 2025-03-01 14:05:00.123+00}). A time without a zone is refused: on a server in
     * another zone it would mean another moment.
     */
    public static OffsetDateTime parseTime(String text) {
        String t = text.trim().replace(' ', 'T');
        if (t.matches(".*[+-]\\d{2}$")) {
            t = t + ":00";
        }
        try {
            return OffsetDateTime.parse(t);
        } catch (DateTimeParseException e) {
            try {
                LocalDateTime.parse(t);
                throw DbAgentException.badInput("--target-time '" + text + "' has no time zone: add Z (UTC) or an "
                        + "offset such as +01:00");
            } catch (DateTimeParseException e2) {
                throw DbAgentException.badInput("--target-time '" + text + "' is not a time such as "
                        + "2025-03-01T14:05:00Z");
            }
        }
    }

    /** START TIME from backup_label, or dbagent's own record of when the base backup finished. */
    private static Instant baseStart(Path base) {
        try {
            Path info = base.resolve(BASE_INFO);
            if (Files.isRegularFile(info)) {
                var node = Json.MAPPER.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .readTree(Files.readString(info));
                if (node.hasNonNull("startedAt")) {
                    return Instant.parse(node.get("startedAt").asText());
                }
            }
            Matcher m = LABEL_START.matcher(Files.readString(base.resolve("backup_label")));
            if (m.find() && ("UTC".equals(m.group(2)) || "GMT".equals(m.group(2)))) {
                return LocalDateTime.parse(m.group(1).replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            }
        } catch (IOException | RuntimeException ignored) {
            // without a readable start time the check is skipped; PostgreSQL refuses a target before consistency
        }
        return null;
    }

    private static void prepareEmpty(Path pgdata) {
        try {
            if (Files.exists(pgdata)) {
                try (Stream<Path> s = Files.list(pgdata)) {
                    if (s.findAny().isPresent()) {
                        throw DbAgentException.badInput("--pgdata " + pgdata + " is not empty: give a new or empty "
                                + "folder (nothing was changed)");
                    }
                }
            } else {
                Files.createDirectories(pgdata);
            }
        } catch (IOException e) {
            throw BackupFolders.cannot("create " + pgdata, e);
        }
    }

    private static long copy(Path from, Path to) {
        long[] bytes = {0};
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path rel = from.relativize(p);
                if (rel.toString().isEmpty() || SKIP.contains(rel.toString())) {
                    continue;
                }
                Path t = to.resolve(rel.toString());
                Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    bytes[0] += Files.size(p);
                }
            }
        } catch (IOException e) {
            throw BackupFolders.cannot("copy the base backup into " + to, e);
        }
        return bytes[0];
    }

    private static String owner(Path p) {
        try {
            return Files.getOwner(p).getName();
        } catch (IOException e) {
            return "postgres";
        }
    }

    /** Files we created get the base backup's owner, like the copied ones (matters when run as root). */
    private static void matchOwner(Path base, Path pgdata) throws IOException {
        UserPrincipal owner = Files.getOwner(base);
        if (!owner.equals(Files.getOwner(pgdata))) {
            Files.setOwner(pgdata, owner);
        }
        Path signal = pgdata.resolve("recovery.signal");
        if (!owner.equals(Files.getOwner(signal))) {
            Files.setOwner(signal, owner);
        }
    }

    /** The absolute path, refused if it would need quoting inside archive_command/restore_command. */
    public static String shellSafe(Path walArchive) {
        String dir = walArchive.toAbsolutePath().normalize().toString();
        if (!dir.matches("[A-Za-z0-9_./+,:@=-]+")) {
            throw DbAgentException.badInput("--wal-archive must be a plain path (letters, digits, _./+,:@=-), got '"
                    + dir + "': it goes into a shell command on the server");
        }
        return dir;
    }
}
