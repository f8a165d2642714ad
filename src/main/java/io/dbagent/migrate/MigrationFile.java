package io.dbagent.migrate;

import java.nio.file.Path;

/**
 * One migration script on disk.
 *
 * @param version     the version from the name ({@code 20240501120000}, or dotted like Flyway's {@code 1.2}); null
 *                    for a repeatable {@code R__<name>.sql} file
 * @param description the name part after {@code __}, underscores read as spaces
 * @param up          true for {@code V…} (up) and {@code R__…} (repeatable), false for {@code U…} (down)
 * @param path        where it is
 * @param sql         its text, decoded as UTF-8
 * @param checksum    SHA-256 of the text with line endings normalised, so a checkout on Windows does not differ
 */
public record MigrationFile(String version, String description, boolean up, Path path, String sql, String checksum) {

    public String script() {
        return path.getFileName().toString();
    }

    /** An {@code R__} file: no version, run again after the versioned files whenever its checksum changes. */
    public boolean repeatable() {
        return version == null;
    }

    /** The checksum Flyway records for this file. */
    public int flywayChecksum() {
        return flywayChecksum(sql);
    }

    /**
     * Flyway's checksum: a CRC32 fed with each line's UTF-8 bytes, without its line break, the byte order mark
     * stripped. Feeding the lines one after another is the same as one CRC32 over the text with every CR and LF
     * removed, so CRLF and LF checkouts give the same value. Stored as a signed 32-bit int, as Flyway does.
     */
    public static int flywayChecksum(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(t.replace("\r", "").replace("\n", "").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
