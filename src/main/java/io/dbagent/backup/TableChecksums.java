package io.dbagent.backup;

import io.dbagent.dialect.Dialects;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Table;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Row count and content checksum of each table, computed in Java over a streamed {@code SELECT *} so that the same
 * code gives the same answer on the source at backup time and on the restored copy at verify time.
 *
 * <p>The checksum must not depend on physical row order (a restore rewrites every table, and PostgreSQL and InnoDB
 * return rows in whatever order the heap or the rebuilt index gives). So each row is rendered canonically, hashed
 * with SHA-256, and the digests are <em>added</em>: the 256-bit digest is read as four 64-bit lanes and each lane is
 * summed modulo 2^64. Addition is commutative, so order does not matter, and unlike XOR a duplicated row changes
 * the sum. The canonical rendering of a row is, for every column in ascending order of its name: the UTF-8 name,
 * {@code 0x1F}, then {@code 0x00} for SQL NULL, or a type tag byte, the value's length as four bytes and its bytes.
 * Binary columns contribute their raw bytes; SQLite values their storage class (integer, real, text, blob) and text;
 * everything else the driver's text form. The session renders times in UTC and floats exactly (see the engines'
 * {@code CHECKSUM_SESSION} settings), so the text does not depend on the client's time zone.
 */
public final class TableChecksums {

    /** Written to the manifest so a later version can refuse to compare checksums made differently. */
    public static final String ALGORITHM = "dbagent-rowsum-sha256/1";

    /** One table's count and checksum. */
    public record TableSum(String table, long rows, String checksum) {
    }

    private TableChecksums() {
    }

    /**
     * The name a table has in the manifest: {@code schema.name} on PostgreSQL (bare for {@code public}), the bare name
     * on MySQL (a restore may go to another database) and SQLite.
     */
    public static String key(DialectKind dialect, Table t) {
        return Dialects.of(dialect).namesBySchema() ? t.qualifiedName() : t.name();
    }

    /**
     * Ends the read transaction the checksums were taken in: rolls it back and returns the connection to autocommit.
     * A failure here is ignored, since the caller closes the session either way.
     */
    public static void endSnapshot(Connection c) {
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the session is closed by the caller
        }
    }

    /**
     * Computes the sums of {@code tables} on {@code c}, in the transaction the caller has open (if any). Between tables
     * {@code abort} is asked whether to stop early (the dump beside us failed). A partition's rows are read through
     * its partitioned parent, so partitions are left out and each row is counted once.
     */
    public static List<TableSum> compute(Connection c, DialectKind dialect, List<Table> tables, BooleanSupplier abort) {
        List<TableSum> out = new ArrayList<>();
        List<Table> sorted = tables.stream().filter(t -> !t.isPartition()).sorted(Comparator.comparing(t -> key(dialect, t))).toList();
        for (Table t : sorted) {
            if (abort.getAsBoolean()) {
                break;
            }
            out.add(one(c, dialect, t));
        }
        return out;
    }

    private static TableSum one(Connection c, DialectKind dialect, Table t) {
        BackupEngine engine = BackupEngine.of(dialect);
        String sql = "SELECT * FROM " + engine.checksumTable(t);
        try (Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            // stream instead of buffering the table: PG needs a fetch size (in a transaction), Connector/J MIN_VALUE
            st.setFetchSize(engine.streamingFetchSize());
            try (ResultSet rs = st.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                Integer[] order = new Integer[n];
                byte[][] names = new byte[n + 1][];
                int[] kinds = new int[n + 1];
                for (int i = 1; i <= n; i++) {
                    order[i - 1] = i;
                    names[i] = md.getColumnLabel(i).getBytes(StandardCharsets.UTF_8);
                    kinds[i] = kind(engine, md.getColumnType(i));
                }
                Arrays.sort(order, Comparator.comparing(i -> new String(names[i], StandardCharsets.UTF_8)));
                MessageDigest md256 = Sha256.digest();
                long[] lanes = new long[4];
                long rows = 0;
                ByteBuffer len = ByteBuffer.allocate(4);
                while (rs.next()) {
                    for (int i : order) {
                        md256.update(names[i]);
                        md256.update((byte) 0x1F);
                        byte[] value = value(rs, i, kinds[i]);
                        if (value == null) {
                            md256.update((byte) 0);
                        } else {
                            md256.update(value[0]);
                            len.clear();
                            len.putInt(value.length - 1);
                            md256.update(len.array());
                            md256.update(value, 1, value.length - 1);
                        }
                    }
                    ByteBuffer digest = ByteBuffer.wrap(md256.digest());
                    for (int l = 0; l < 4; l++) {
                        lanes[l] += digest.getLong();
                    }
                    rows++;
                }
                StringBuilder hex = new StringBuilder(64);
                for (long lane : lanes) {
                    hex.append(String.format("%016x", lane));
                }
                return new TableSum(key(dialect, t), rows, hex.toString());
            }
        } catch (SQLException e) {
            throw Sql.failure("cannot read table " + key(dialect, t) + " for its checksum", e);
        }
    }

    private static final int TEXT = 0;
    private static final int BINARY = 1;
    private static final int DYNAMIC = 2;

    private static int kind(BackupEngine engine, int sqlType) {
        if (engine.checksumsStoredTypes()) {
            return DYNAMIC;
        }
        return switch (sqlType) {
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BINARY;
            case Types.BIT -> engine.bitIsBinary() ? BINARY : TEXT;
            default -> TEXT;
        };
    }

    /** Tag byte followed by the value's bytes, or null for SQL NULL. */
    private static byte[] value(ResultSet rs, int i, int kind) throws SQLException {
        switch (kind) {
            case BINARY -> {
                byte[] b = rs.getBytes(i);
                return b == null ? null : tagged('b', b);
            }
            case DYNAMIC -> {
                Object o = rs.getObject(i);
                if (o == null) {
                    return null;
                }
                if (o instanceof byte[] b) {
                    return tagged('b', b);
                }
                char tag = o instanceof Double || o instanceof Float ? 'r'
                        : o instanceof Number ? 'i' : 't';
                String text = tag == 't' ? o.toString() : rs.getString(i);
                return tagged(tag, text.getBytes(StandardCharsets.UTF_8));
            }
            default -> {
                String s = rs.getString(i);
                return s == null ? null : tagged('s', s.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static byte[] tagged(char tag, byte[] bytes) {
        byte[] out = new byte[bytes.length + 1];
        out[0] = (byte) tag;
        System.arraycopy(bytes, 0, out, 1, bytes.length);
        return out;
    }

    /** Sum of rows over all tables, for summaries. */
    public static long totalRows(List<TableSum> sums) {
        long total = 0;
        for (TableSum s : sums) {
            total += s.rows();
        }
        return total;
    }
}
