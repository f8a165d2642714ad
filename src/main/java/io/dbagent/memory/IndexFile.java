package io.dbagent.memory;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The persisted memory index ({@code .index/entries.bin}) in a compact binary form, so that a new process answers a
 * search without parsing JSON or tokenising entries: the ranker's postings, the entries' lengths, the fields ranking
 * reads, and the entries themselves, decoded only when asked for.
 *
 * <p>Layout (big-endian): a fixed header (magic, version, the directory stamp, the seeds' checksum, counts and section
 * offsets); the weighted length of each ranked entry; the offset of each entry; the offset of each term record, the
 * terms sorted; the term records (term, then (entry, count) pairs); the entries (id, kind, dialect, stored uses,
 * title, body, tags, evidence, creation time, source); the files (name, size, time, entry or -1 when unreadable); the
 * problems; and a CRC-32 of everything before it. A file with another magic or version, a wrong length or checksum is
 * refused as a whole (the caller rebuilds it from the entries), so decoding a file that was accepted cannot fail.
 *
 * <p>The file is read into memory in one go rather than mapped: at 10,000 entries it is a few megabytes (a few
 * milliseconds), and a mapped file could not be replaced by a rename on every platform.
 */
final class IndexFile {

    static final String NAME = "entries.bin";
    private static final int MAGIC = 0x44424D49; // "DBMI"
    private static final int VERSION = 2;
    private static final int HEADER = 80;

    private IndexFile() {
    }

    /** The snapshot's contents, encoded. */
    static byte[] encode(Snapshot snap, long seedsHash) throws IOException {
        Snapshot.Contents c = snap.contents();
        List<MemoryEntry> docs = c.baseEntries();
        Bm25Ranker.Source source = c.ranker().source();
        if (source.size() != docs.size()) {
            throw new IOException("ranker and entries disagree");
        }
        // entries: the ranked ones first (doc i is entry i), then stored ones another file with the same id hides
        List<MemoryEntry> entries = new ArrayList<>(docs);
        Map<MemoryEntry, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            index.put(docs.get(i), i);
        }
        List<String> names = new ArrayList<>(c.files().keySet());
        names.sort(null);
        for (String name : names) {
            MemoryEntry e = c.stored().get(name);
            if (e != null && !index.containsKey(e)) {
                index.put(e, entries.size());
                entries.add(e);
            }
        }
        Map<String, int[]> postings = source.allPostings();
        List<String> terms = new ArrayList<>(postings.keySet());
        terms.sort(null);

        Out out = new Out();
        out.data.write(new byte[HEADER]);
        int lengthsOff = out.size();
        for (int i = 0; i < docs.size(); i++) {
            out.data.writeInt(source.length(i));
        }
        int entryOffsOff = out.size();
        out.data.write(new byte[4 * entries.size()]);
        int termOffsOff = out.size();
        out.data.write(new byte[4 * terms.size()]);
        int[] termOffs = new int[terms.size()];
        for (int t = 0; t < terms.size(); t++) {
            termOffs[t] = out.size();
            int[] ps = postings.get(terms.get(t));
            out.string(terms.get(t));
            out.data.writeInt(ps.length / 2);
            for (int p : ps) {
                out.data.writeInt(p);
            }
        }
        int[] entryOffs = new int[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            entryOffs[i] = out.size();
            out.entry(entries.get(i));
        }
        int filesOff = out.size();
        out.data.writeInt(names.size());
        for (String name : names) {
            Snapshot.FileStamp stamp = c.files().get(name);
            MemoryEntry e = c.stored().get(name);
            out.string(name);
            out.data.writeLong(stamp.size());
            out.data.writeLong(stamp.millis());
            out.data.writeInt(e == null ? -1 : index.get(e));
        }
        int problemsOff = out.size();
        out.data.writeInt(snap.problems().size());
        for (String p : snap.problems()) {
            out.string(p);
        }
        out.data.writeLong(0); // the checksum's place
        out.data.flush();
        byte[] bytes = out.bytes.toByteArray();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.putInt(0, MAGIC).putInt(4, VERSION).putLong(8, snap.dirMillis()).putLong(16, snap.listedAt())
                .putLong(24, seedsHash).putInt(32, docs.size()).putInt(36, entries.size())
                .putLong(40, source.totalLength()).putInt(48, terms.size()).putInt(52, lengthsOff)
                .putInt(56, entryOffsOff).putInt(60, termOffsOff).putInt(64, filesOff).putInt(68, problemsOff)
                .putInt(72, bytes.length);
        for (int i = 0; i < entryOffs.length; i++) {
            b.putInt(entryOffsOff + 4 * i, entryOffs[i]);
        }
        for (int t = 0; t < termOffs.length; t++) {
            b.putInt(termOffsOff + 4 * t, termOffs[t]);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        b.putLong(bytes.length - 8, crc.getValue());
        return bytes;
    }

    /**
     * The snapshot in {@code bytes} (its use log not yet counted), or null when they are not an index of this version
     * written with these seeds.
     */
    static Snapshot decode(byte[] bytes, long seedsHash) {
        if (bytes.length < HEADER + 8) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt(0) != MAGIC || b.getInt(4) != VERSION || b.getInt(72) != bytes.length
                || b.getLong(24) != seedsHash) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        if (b.getLong(bytes.length - 8) != crc.getValue()) {
            return null;
        }
        Decoded d = new Decoded(b);
        return new Snapshot(b.getLong(8), b.getLong(16), d.problems(), 0, Map.of(), d);
    }

    /** The contents of an accepted file, decoded as far as they are asked for. */
    private static final class Decoded implements Snapshot.Contents, Bm25Ranker.Source {
        private final ByteBuffer b;
        private final int docs;
        private final int entryCount;
        private final long total;
        private final int terms;
        private final int lengthsOff;
        private final int entryOffsOff;
        private final int termOffsOff;
        private final int filesOff;
        private final int problemsOff;
        private final Bm25Ranker ranker;
        private volatile MemoryEntry[] all;
        private Map<String, Snapshot.FileStamp> files;
        private Map<String, MemoryEntry> stored;

        Decoded(ByteBuffer b) {
            this.b = b;
            this.docs = b.getInt(32);
            this.entryCount = b.getInt(36);
            this.total = b.getLong(40);
            this.terms = b.getInt(48);
            this.lengthsOff = b.getInt(52);
            this.entryOffsOff = b.getInt(56);
            this.termOffsOff = b.getInt(60);
            this.filesOff = b.getInt(64);
            this.problemsOff = b.getInt(68);
            this.ranker = new Bm25Ranker(this);
        }

        List<String> problems() {
            In in = new In(b, problemsOff);
            int n = in.i32();
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(in.string());
            }
            return List.copyOf(out);
        }

        @Override
        public synchronized Map<String, Snapshot.FileStamp> files() {
            if (files == null) {
                readFiles();
            }
            return files;
        }

        @Override
        public synchronized Map<String, MemoryEntry> stored() {
            if (stored == null) {
                readFiles();
            }
            return stored;
        }

        private void readFiles() {
            MemoryEntry[] entries = all();
            In in = new In(b, filesOff);
            int n = in.i32();
            Map<String, Snapshot.FileStamp> f = new HashMap<>(n * 2);
            Map<String, MemoryEntry> s = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                String name = in.string();
                f.put(name, new Snapshot.FileStamp(in.i64(), in.i64()));
                int e = in.i32();
                if (e >= 0) {
                    s.put(name, entries[e]);
                }
            }
            files = Map.copyOf(f);
            stored = Map.copyOf(s);
        }

        private synchronized MemoryEntry[] all() {
            if (all == null) {
                MemoryEntry[] a = new MemoryEntry[entryCount];
                for (int i = 0; i < entryCount; i++) {
                    a[i] = entry(i);
                }
                all = a;
            }
            return all;
        }

        @Override
        public List<MemoryEntry> baseEntries() {
            return Arrays.asList(all()).subList(0, docs);
        }

        @Override
        public Bm25Ranker ranker() {
            return ranker;
        }

        @Override
        public int size() {
            return docs;
        }

        @Override
        public long totalLength() {
            return total;
        }

        @Override
        public int length(int doc) {
            return b.getInt(lengthsOff + 4 * doc);
        }

        @Override
        public int[] postings(String term) {
            int lo = 0;
            int hi = terms - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                In in = new In(b, b.getInt(termOffsOff + 4 * mid));
                int cmp = in.string().compareTo(term);
                if (cmp == 0) {
                    return in.ints(2 * in.i32());
                } else if (cmp < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return null;
        }

        @Override
        public Map<String, int[]> allPostings() {
            Map<String, int[]> out = new HashMap<>(terms * 2);
            for (int t = 0; t < terms; t++) {
                In in = new In(b, b.getInt(termOffsOff + 4 * t));
                String term = in.string();
                out.put(term, in.ints(2 * in.i32()));
            }
            return out;
        }

        private In at(int entry) {
            return new In(b, b.getInt(entryOffsOff + 4 * entry));
        }

        @Override
        public String id(int doc) {
            return at(doc).string();
        }

        @Override
        public String kind(int doc) {
            In in = at(doc);
            in.skipString();
            return in.string();
        }

        @Override
        public String dialect(int doc) {
            In in = at(doc);
            in.skipString();
            in.skipString();
            return in.string();
        }

        @Override
        public int storedUses(int doc) {
            In in = at(doc);
            in.skipString();
            in.skipString();
            in.skipString();
            return in.i32();
        }

        @Override
        public MemoryEntry entry(int entry) {
            MemoryEntry[] a = all;
            if (a != null) {
                return a[entry];
            }
            In in = at(entry);
            String id = in.string();
            String kind = in.string();
            String dialect = in.string();
            int uses = in.i32();
            String title = in.string();
            String body = in.string();
            int tagCount = in.i32();
            List<String> tags = new ArrayList<>(tagCount);
            for (int i = 0; i < tagCount; i++) {
                tags.add(in.string());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> evidence = (Map<String, Object>) in.value();
            Instant createdAt = in.u8() == 0 ? null : Instant.ofEpochSecond(in.i64(), in.i32());
            String source = in.string();
            return new MemoryEntry(id, kind, title, body, tags, dialect, evidence, createdAt, source, uses);
        }
    }

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte DOUBLE = 4;
    private static final byte TRUE = 5;
    private static final byte FALSE = 6;
    private static final byte LIST = 7;
    private static final byte MAP = 8;
    private static final byte BIG_INTEGER = 9;
    private static final byte BIG_DECIMAL = 10;

    /** The writing side. */
    private static final class Out {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        final DataOutputStream data = new DataOutputStream(bytes);

        int size() {
            return data.size();
        }

        void string(String s) throws IOException {
            if (s == null) {
                data.writeInt(-1);
                return;
            }
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            data.writeInt(u.length);
            data.write(u);
        }

        void entry(MemoryEntry e) throws IOException {
            string(e.id());
            string(e.kind());
            string(e.dialect());
            data.writeInt(e.uses());
            string(e.title());
            string(e.body());
            data.writeInt(e.tags().size());
            for (String t : e.tags()) {
                string(t);
            }
            value(e.evidence());
            if (e.createdAt() == null) {
                data.writeByte(0);
            } else {
                data.writeByte(1);
                data.writeLong(e.createdAt().getEpochSecond());
                data.writeInt(e.createdAt().getNano());
            }
            string(e.source());
        }

        /** The values JSON parsing gives (anything else is refused: the index is then not written). */
        void value(Object v) throws IOException {
            if (v == null) {
                data.writeByte(NULL);
            } else if (v instanceof String s) {
                data.writeByte(STRING);
                string(s);
            } else if (v instanceof Integer i) {
                data.writeByte(INT);
                data.writeInt(i);
            } else if (v instanceof Long l) {
                data.writeByte(LONG);
                data.writeLong(l);
            } else if (v instanceof Double d) {
                data.writeByte(DOUBLE);
                data.writeDouble(d);
            } else if (v instanceof Boolean bool) {
                data.writeByte(bool ? TRUE : FALSE);
            } else if (v instanceof BigInteger bi) {
                data.writeByte(BIG_INTEGER);
                string(bi.toString());
            } else if (v instanceof BigDecimal bd) {
                data.writeByte(BIG_DECIMAL);
                string(bd.toString());
            } else if (v instanceof List<?> list) {
                data.writeByte(LIST);
                data.writeInt(list.size());
                for (Object o : list) {
                    value(o);
                }
            } else if (v instanceof Map<?, ?> map) {
                data.writeByte(MAP);
                data.writeInt(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String k)) {
                        throw new IOException("evidence key of type " + e.getKey().getClass().getName());
                    }
                    string(k);
                    value(e.getValue());
                }
            } else {
                throw new IOException("evidence value of type " + v.getClass().getName());
            }
        }
    }

    /** A reading position in an accepted file (absolute reads only, so readers on several threads never meet). */
    private static final class In {
        private final ByteBuffer b;
        private int pos;

        In(ByteBuffer b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        int u8() {
            return b.get(pos++) & 0xff;
        }

        int i32() {
            int v = b.getInt(pos);
            pos += 4;
            return v;
        }

        long i64() {
            long v = b.getLong(pos);
            pos += 8;
            return v;
        }

        int[] ints(int n) {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = b.getInt(pos);
                pos += 4;
            }
            return out;
        }

        String string() {
            int n = i32();
            if (n < 0) {
                return null;
            }
            String s = new String(b.array(), pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        void skipString() {
            int n = i32();
            if (n > 0) {
                pos += n;
            }
        }

        Object value() {
            int tag = u8();
            switch (tag) {
                case NULL:
                    return null;
                case STRING:
                    return string();
                case INT:
                    return i32();
                case LONG:
                    return i64();
                case DOUBLE:
                    return Double.longBitsToDouble(i64());
                case TRUE:
                    return Boolean.TRUE;
                case FALSE:
                    return Boolean.FALSE;
                case BIG_INTEGER:
                    return new BigInteger(string());
                case BIG_DECIMAL:
                    return new BigDecimal(string());
                case LIST: {
                    int n = i32();
                    List<Object> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        list.add(value());
                    }
                    return list;
                }
                case MAP: {
                    int n = i32();
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        String k = string();
                        map.put(k, value());
                    }
                    return map;
                }
                default:
                    throw new IllegalStateException("unknown value tag " + tag);
            }
        }
    }
}
