package io.dbagent.agent;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.langchain4j.service.AiServices;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** dbagent embedded in an application that owns a HikariCP pool, exactly as docs/library.md shows. */
class LibraryApiIT {

    private static DbUrl db;
    private static HikariDataSource ds;

    @BeforeAll
    static void setUp() {
        db = TestDatabases.create(DialectKind.POSTGRES, "lib");
        TestDatabases.exec(db, """
                CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
                CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers(id));
                INSERT INTO customers VALUES (1, 'a@x');
                INSERT INTO orders VALUES (1, 1), (2, 1);
                """);
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(db.jdbcUrl());
        cfg.setUsername(db.user());
        if (db.password() != null) {
            cfg.setPassword(db.password());
        }
        cfg.setMaximumPoolSize(1); // one connection: whatever dbagent leaves behind, the app gets back
        ds = new HikariDataSource(cfg);
    }

    @AfterAll
    static void tearDown() {
        ds.close();
        TestDatabases.drop(db);
    }

    interface AppAssistant {
        String chat(String message);
    }

    @Test
    void databaseAgentBuilderOnTheApplicationsDataSource(@TempDir Path memory) throws Exception {
        DatabaseAgent agent = DatabaseAgent.builder().dataSource(ds).chatModel(new BrainChatModel())
                .memoryDir(memory).allowWrites(false).build();
        assertThat(agent.chat("How many orders are there?")).isEqualTo("There are 2 orders.");
        assertThat(agent.chat("review my schema")).contains("fk-without-index on orders(customer_id)");
        // the pooled connection went back read-write: the application can still write
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertThat(c.isReadOnly()).isFalse();
            st.executeUpdate("INSERT INTO orders VALUES (3, 1)");
            ResultSet rs = st.executeQuery("SHOW default_transaction_read_only");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("off");
        }
        assertThat(agent.chat("How many orders are there?")).isEqualTo("There are 3 orders.");
        TestDatabases.exec(db, "DELETE FROM orders WHERE id = 3");
    }

    @Test
    void databaseToolsInTheApplicationsOwnAiServices() {
        BrainChatModel model = new BrainChatModel();
        AppAssistant assistant = AiServices.builder(AppAssistant.class).chatModel(model)
                .tools(DatabaseTools.of(ds).all()).build();
        assertThat(assistant.chat("how many orders?")).isEqualTo("There are 2 orders.");
        assertThat(model.toolsSeen()).contains("inspect_schema", "lint_schema", "run_read_query", "propose_change",
                "apply_plan", "memory_search", "memory_add");
    }

    /** A plain driver DataSource (no pool): its URL lists every driver default, and the check still runs. */
    @Test
    void healthOnPlainDriverDataSources(@TempDir Path dir) throws Exception {
        org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
        pg.setURL(db.jdbcUrl());
        pg.setUser(db.user());
        if (db.password() != null) {
            pg.setPassword(db.password());
        }
        io.dbagent.report.Report<Void> pgReport = io.dbagent.health.HealthService.check(pg,
                io.dbagent.health.HealthOptions.defaults());
        assertThat(pgReport.product()).startsWith("PostgreSQL");
        assertThat(pgReport.target()).contains(db.database()).doesNotContain("classLoaderStrategy");
        // the missing index on orders.customer_id is found through the application's connection
        assertThat(pgReport.findings()).anyMatch(f -> f.id().equals("fk-without-index"));

        Path file = dir.resolve("app.db");
        org.sqlite.SQLiteDataSource lite = new org.sqlite.SQLiteDataSource();
        lite.setUrl("jdbc:sqlite:" + file);
        try (Connection c = lite.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
            st.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))");
        }
        io.dbagent.report.Report<Void> liteReport = io.dbagent.health.HealthService.check(lite,
                io.dbagent.health.HealthOptions.defaults());
        assertThat(liteReport.product()).startsWith("SQLite");
        assertThat(liteReport.findings()).anyMatch(f -> f.id().equals("fk-without-index"));
    }
}
