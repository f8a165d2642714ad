package io.dbagent.migrate;

import java.nio.file.Path;

/**
 * One migration script on disk.
 *
 * @param version     the version from the name ({@code 20240501120000}, or dotted like Flyway's {@code 1.2})
 * @param description the name part after {@code __}, underscores read as spaces
 * @param up          true for {@code V…} (up), false for {@code U…} (down)
 * @param path        where it is
 * @param sql         its text, decoded as UTF-8
 * @param checksum    SHA-256 of the text with line endings normalised, so a checkout on Windows does not differ
 */
public record MigrationFile(String version, String description, boolean up, Path path, String sql, String checksum) {

    public String script() {
        return path.getFileName().toString();
    }
}
