package io.dbagent.backup;

import io.dbagent.DbAgentException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File-system chores of backups with messages that say what failed where. */
public final class BackupFolders {

    private BackupFolders() {
    }

    /** Creates (if needed) and checks the backup directory. */
    public static Path prepareDir(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw cannot("create the backup folder " + abs, e);
        }
        if (!Files.isDirectory(abs)) {
            throw DbAgentException.badInput("backup folder " + abs + " is not a directory");
        }
        return abs;
    }

    /** A new, empty folder only its owner can read (it will hold a copy of the data); never reuses one. */
    static Path createNew(Path folder) {
        try {
            return Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw cannot("create " + folder, e);
        }
    }

    /** Deletes a folder this process created (a failed backup's partial folder). */
    public static void deleteOwn(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            List<Path> all = s.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // what is left is clearly named *.partial
        }
    }

    public static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** One line naming the path and the operating system's reason (disk full, read-only, permission). */
    public static DbAgentException cannot(String what, IOException e) {
        String reason;
        if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            reason = "no such file or directory";
        } else if (e instanceof FileAlreadyExistsException) {
            reason = "a file of that name already exists";
        } else if (e instanceof NotDirectoryException) {
            reason = "a path component is a file, not a directory";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            reason = fse.getReason();
        } else {
            reason = String.valueOf(e.getMessage());
        }
        return DbAgentException.badInput("cannot " + what + ": " + reason);
    }
}
