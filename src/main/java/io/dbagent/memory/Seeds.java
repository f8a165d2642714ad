package io.dbagent.memory;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dbagent.report.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The curated entries shipped in the jar: their checksum (which the persisted index records, so an index written
 * with other seeds is not used) is known from the bytes alone; they are parsed only when the entries are rebuilt.
 */
final class Seeds {

    private static volatile Seeds shipped;

    private final byte[] json;
    private final long hash;
    private volatile List<MemoryEntry> entries;

    private Seeds(byte[] json, List<MemoryEntry> entries) {
        this.json = json;
        CRC32 crc = new CRC32();
        crc.update(json);
        this.hash = crc.getValue();
        this.entries = entries;
    }

    /** The seeds in the jar ({@code memory/seed-entries.json}); none when the resource is absent. */
    static Seeds shipped() {
        Seeds s = shipped;
        if (s != null) {
            return s;
        }
        try (InputStream in = Seeds.class.getClassLoader().getResourceAsStream(MemoryStore.SEED_RESOURCE)) {
            s = in == null ? new Seeds(new byte[0], List.of()) : new Seeds(in.readAllBytes(), null);
        } catch (IOException e) {
            throw new IllegalStateException("the seed memory shipped in the jar is unreadable: " + e.getMessage(), e);
        }
        shipped = s;
        return s;
    }

    long hash() {
        return hash;
    }

    List<MemoryEntry> entries() {
        List<MemoryEntry> e = entries;
        if (e != null) {
            return e;
        }
        try {
            e = List.copyOf(Json.MAPPER.readValue(json, new TypeReference<List<MemoryEntry>>() { }));
        } catch (IOException ex) {
            throw new IllegalStateException("the seed memory shipped in the jar is unreadable: " + ex.getMessage(), ex);
        }
        entries = e;
        return e;
    }
}
