package io.dbagent.backup;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DbUrl;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * {@code backup schedule}: a cron line or a systemd service + timer that runs {@code backup create --verify} and then
 * {@code backup prune} every day. A URL with a password never goes into the cron line or unit: it is read from an
 * environment file (mode 0600) that the output tells the user to create.
 */
public final class BackupSchedule {

    /** cron or systemd. */
    public enum Format { CRON, SYSTEMD }

    /** Everything the schedule needs; build with {@link #builder(DbUrl, Path)}. */
    public record Request(DbUrl source, Path dir, LocalTime at, Format format, GfsPolicy.Keep keep, boolean verify,
                          String command, String name) {
    }

    /** Builder for {@link Request}. */
    public static final class Builder {
        private final DbUrl source;
        private final Path dir;
        private LocalTime at = LocalTime.of(2, 0);
        private Format format = Format.CRON;
        private GfsPolicy.Keep keep = new GfsPolicy.Keep(7, 4, 12);
        private boolean verify = true;
        private String command = "dbagent";
        private String name;

        private Builder(DbUrl source, Path dir) {
            this.source = source;
            this.dir = dir;
        }

        /** {@code HH:MM}, server local time. */
        public Builder at(String hhmm) {
            try {
                this.at = LocalTime.parse(hhmm.length() == 4 ? "0" + hhmm : hhmm);
            } catch (DateTimeParseException e) {
                throw DbAgentException.badInput("--at must be HH:MM (24 h), got '" + hhmm + "'");
            }
            return this;
        }

        public Builder format(String f) {
            try {
                this.format = Format.valueOf(f.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw DbAgentException.badInput("backup schedule supports --format cron or systemd, not " + f);
            }
            return this;
        }

        public Builder keep(GfsPolicy.Keep k) {
            this.keep = k;
            return this;
        }

        public Builder verify(boolean v) {
            this.verify = v;
            return this;
        }

        /** How to invoke dbagent (absolute path of the launcher). */
        public Builder command(String c) {
            if (c != null && !c.isBlank()) {
                this.command = c;
            }
            return this;
        }

        /** Name of the job (unit name, env file); default {@code dbagent-backup-<database>}. */
        public Builder name(String n) {
            this.name = n;
            return this;
        }

        public String render() {
            String n = name != null ? name : "dbagent-backup-" + safe(source);
            if (!n.matches("[A-Za-z0-9_.@-]+")) {
                throw DbAgentException.badInput("--name may hold letters, digits and _.@- only, got '" + n + "'");
            }
            return BackupSchedule.render(new Request(source, dir.toAbsolutePath().normalize(), at, format, keep,
                    verify, command, n));
        }
    }

    private BackupSchedule() {
    }

    public static Builder builder(DbUrl source, Path dir) {
        return new Builder(source, dir);
    }

    static String render(Request r) {
        boolean secret = r.source().password() != null;
        boolean needsDev = r.verify() && !Dialects.of(r.source()).embedded();
        String envFile = "/etc/dbagent/" + r.name() + ".env";
        String dbArg = secret ? "" : " --db " + shellQuote(plainUrl(r.source()));
        String dir = shellQuote(r.dir().toString());
        String create = r.command() + " backup create" + dbArg + " --dir " + dir + (r.verify() ? " --verify" : "");
        String prune = r.command() + " backup prune --dir " + dir + " --keep-daily " + r.keep().daily()
                + " --keep-weekly " + r.keep().weekly() + " --keep-monthly " + r.keep().monthly();
        StringBuilder sb = new StringBuilder();
        String what = "# " + r.name() + ": daily backup of " + r.source().redacted() + " at " + r.at()
                + " (server local time), " + (r.verify() ? "verified by a restore, " : "")
                + "then GFS pruning (" + r.keep().daily() + " daily, " + r.keep().weekly() + " weekly, "
                + r.keep().monthly() + " monthly)\n";
        sb.append(what);
        if (secret || needsDev) {
            sb.append("# Create ").append(envFile).append(" (chmod 600, owned by the user the job runs as) with:\n");
            if (secret) {
                sb.append("#   DBAGENT_DB=").append(r.source().redacted()).append("   <- with the real password\n");
            }
            if (needsDev) {
                sb.append("#   DBAGENT_DEV_DB=").append(BackupEngine.of(r.source().dialect()).devServerExample())
                        .append("   <- a server where a scratch database may be created for --verify\n");
            }
        }
        String log = shellQuote(r.dir().resolve("backup.log").toString());
        if (r.format() == Format.CRON) {
            String env = secret || needsDev ? "set -a; . " + envFile + "; set +a; " : "";
            sb.append("# Add with: crontab -e\n");
            sb.append(r.at().getMinute()).append(' ').append(r.at().getHour()).append(" * * * ")
                    .append(env).append(create).append(" && ").append(prune).append(" >> ").append(log)
                    .append(" 2>&1\n");
            return sb.toString();
        }
        sb.append("\n# /etc/systemd/system/").append(r.name()).append(".service\n");
        sb.append("[Unit]\nDescription=dbagent backup of ").append(r.source().redacted()).append('\n');
        sb.append("After=network-online.target\nWants=network-online.target\n\n");
        sb.append("[Service]\nType=oneshot\n");
        if (secret || needsDev) {
            sb.append("EnvironmentFile=").append(envFile).append('\n');
        }
        sb.append("ExecStart=").append(create).append('\n');
        sb.append("ExecStart=").append(prune).append('\n');
        sb.append("Nice=10\nIOSchedulingClass=idle\n");
        sb.append("\n# /etc/systemd/system/").append(r.name()).append(".timer\n");
        sb.append("[Unit]\nDescription=Daily dbagent backup of ").append(r.source().redacted()).append("\n\n");
        sb.append("[Timer]\nOnCalendar=*-*-* ").append(String.format("%02d:%02d:00", r.at().getHour(),
                r.at().getMinute())).append('\n');
        sb.append("Persistent=true\n\n[Install]\nWantedBy=timers.target\n");
        sb.append("\n# Enable with: systemctl daemon-reload && systemctl enable --now ").append(r.name())
                .append(".timer\n# Failures: systemctl status ").append(r.name()).append(".service; journalctl -u ")
                .append(r.name()).append(".service\n");
        return sb.toString();
    }

    /** The URL as the user would type it; only called when it holds no password. */
    private static String plainUrl(DbUrl u) {
        return BackupService.sourceName(u);
    }

    private static String safe(DbUrl u) {
        String db = Dialects.of(u).embedded() ? Path.of(u.database()).getFileName().toString()
                : u.database() == null ? "db" : u.database();
        return db.replaceAll("\\.(db|sqlite3?|db3)$", "").replaceAll("[^A-Za-z0-9_-]", "_");
    }

    static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./:@%+=,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
