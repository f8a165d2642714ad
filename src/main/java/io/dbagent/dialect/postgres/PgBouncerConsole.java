package io.dbagent.dialect.postgres;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connection to PgBouncer's admin console speaking the simple-query protocol directly. The JDBC driver cannot be
 * used there: since 42.7.5 it sends {@code SET extra_float_digits} after login, which the console rejects ("SET
 * failed") whatever {@code ignore_startup_parameters} says. Supports trust, cleartext and md5 authentication without
 * TLS, which is how the console is usually reached (locally); anything else is refused with a clear message.
 */
public final class PgBouncerConsole implements AutoCloseable {

    /** SHOW commands of the admin console, by purpose. */
    public static final String VERSION = "SHOW VERSION";
    public static final String POOLS = "SHOW POOLS";
    public static final String DATABASES = "SHOW DATABASES";
    public static final String CONFIG = "SHOW CONFIG";

    private static final int PROTOCOL_3 = 196_608;
    private static final int TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    private PgBouncerConsole(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    /** Connects and logs in; an SQLException carries the server's message and SQLState. */
    public static PgBouncerConsole open(String host, int port, String user, String password, String database)
            throws IOException, SQLException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            PgBouncerConsole c = new PgBouncerConsole(s);
            c.login(user, password, database);
            return c;
        } catch (IOException | SQLException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void login(String user, String password, String database) throws IOException, SQLException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream b = new DataOutputStream(body);
        b.writeInt(PROTOCOL_3);
        for (String[] kv : new String[][] {{"user", user}, {"database", database}, {"application_name", "dbagent"},
                {"client_encoding", "UTF8"}}) {
            cstring(b, kv[0]);
            cstring(b, kv[1]);
        }
        b.writeByte(0);
        out.writeInt(body.size() + 4);
        out.write(body.toByteArray());
        out.flush();
        while (true) {
            char type = (char) in.readUnsignedByte();
            byte[] msg = new byte[in.readInt() - 4];
            in.readFully(msg);
            switch (type) {
                case 'R' -> authenticate(msg, user, password);
                case 'E' -> throw error(msg);
                case 'Z' -> {
                    return;
                }
                default -> {
                    // ParameterStatus, BackendKeyData, notices: nothing the health check needs
                }
            }
        }
    }

    private void authenticate(byte[] msg, String user, String password) throws IOException, SQLException {
        int code = ((msg[0] & 0xff) << 24) | ((msg[1] & 0xff) << 16) | ((msg[2] & 0xff) << 8) | (msg[3] & 0xff);
        switch (code) {
            case 0 -> {
            }
            case 3 -> sendPassword(requirePassword(password));
            case 5 -> {
                byte[] salt = {msg[4], msg[5], msg[6], msg[7]};
                String inner = md5Hex(concat(requirePassword(password).getBytes(StandardCharsets.UTF_8),
                        user.getBytes(StandardCharsets.UTF_8)));
                sendPassword("md5" + md5Hex(concat(inner.getBytes(StandardCharsets.US_ASCII), salt)));
            }
            default -> throw new SQLException("the admin console asks for an authentication method dbagent does not "
                    + "speak there (code " + code + ", e.g. SCRAM): allow trust, password or md5 for admin users "
                    + "(auth_type, or an auth_hba_file line for the pgbouncer database)", "28000");
        }
    }

    private static String requirePassword(String password) throws SQLException {
        if (password == null) {
            throw new SQLException("the admin console asks for a password: put it in the --db URL", "28P01");
        }
        return password;
    }

    private void sendPassword(String text) throws IOException {
        byte[] p = text.getBytes(StandardCharsets.UTF_8);
        out.writeByte('p');
        out.writeInt(p.length + 5);
        out.write(p);
        out.writeByte(0);
        out.flush();
    }

    /** Runs one SHOW command; rows as column name → text value (NULL as {@code null}), in server order. */
    public List<Map<String, String>> query(String sql) throws IOException, SQLException {
        byte[] q = sql.getBytes(StandardCharsets.UTF_8);
        out.writeByte('Q');
        out.writeInt(q.length + 5);
        out.write(q);
        out.writeByte(0);
        out.flush();
        List<String> columns = new ArrayList<>();
        List<Map<String, String>> rows = new ArrayList<>();
        SQLException failure = null;
        while (true) {
            char type = (char) in.readUnsignedByte();
            byte[] msg = new byte[in.readInt() - 4];
            in.readFully(msg);
            switch (type) {
                case 'T' -> columns = columns(msg);
                case 'D' -> rows.add(row(msg, columns));
                case 'E' -> failure = error(msg);
                case 'Z' -> {
                    if (failure != null) {
                        throw failure;
                    }
                    return rows;
                }
                default -> {
                    // CommandComplete, notices
                }
            }
        }
    }

    private static List<String> columns(byte[] msg) {
        List<String> names = new ArrayList<>();
        int n = ((msg[0] & 0xff) << 8) | (msg[1] & 0xff);
        int pos = 2;
        for (int i = 0; i < n; i++) {
            int end = pos;
            while (msg[end] != 0) {
                end++;
            }
            names.add(new String(msg, pos, end - pos, StandardCharsets.UTF_8));
            pos = end + 1 + 18; // table oid, attnum, type oid, size, modifier, format
        }
        return names;
    }

    private static Map<String, String> row(byte[] msg, List<String> columns) {
        Map<String, String> row = new LinkedHashMap<>();
        int n = ((msg[0] & 0xff) << 8) | (msg[1] & 0xff);
        int pos = 2;
        for (int i = 0; i < n; i++) {
            int len = ((msg[pos] & 0xff) << 24) | ((msg[pos + 1] & 0xff) << 16) | ((msg[pos + 2] & 0xff) << 8)
                    | (msg[pos + 3] & 0xff);
            pos += 4;
            String name = i < columns.size() ? columns.get(i) : "column" + (i + 1);
            if (len < 0) {
                row.put(name, null);
            } else {
                row.put(name, new String(msg, pos, len, StandardCharsets.UTF_8));
                pos += len;
            }
        }
        return row;
    }

    private static SQLException error(byte[] msg) {
        String message = "error";
        String state = null;
        int pos = 0;
        while (pos < msg.length && msg[pos] != 0) {
            char field = (char) msg[pos++];
            int end = pos;
            while (msg[end] != 0) {
                end++;
            }
            String value = new String(msg, pos, end - pos, StandardCharsets.UTF_8);
            if (field == 'M') {
                message = value;
            } else if (field == 'C') {
                state = value;
            }
            pos = end + 1;
        }
        return new SQLException(message, state);
    }

    private static void cstring(DataOutputStream b, String s) throws IOException {
        b.write(s.getBytes(StandardCharsets.UTF_8));
        b.writeByte(0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.writeByte('X');
            out.writeInt(4);
            out.flush();
        } catch (IOException ignored) {
            // the console may already have gone; closing the socket is all that is left
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to tell the user
        }
    }
}
