package dev.microcomm.localstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Creates the services' databases over JDBC, idempotently (an existing database is left as it is). */
public final class Databases {

    private static final String DUPLICATE_DATABASE = "42P04";

    private Databases() {
    }

    static Connection connect(StackConfig config, String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", config.pgUser);
        props.setProperty("password", config.pgPassword);
        props.setProperty("connectTimeout", "3");
        props.setProperty("socketTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + config.pgHost + ":" + config.pgPort + "/" + database, props);
    }

    static boolean answersQuery(StackConfig config) {
        try (Connection connection = connect(config, "postgres"); Statement statement = connection.createStatement()) {
            return statement.executeQuery("select 1").next();
        } catch (SQLException e) {
            return false;
        }
    }

    /** @return the databases that were created now (the others already existed) */
    public static List<String> ensure(StackConfig config, List<String> names) {
        List<String> created = new ArrayList<>();
        try (Connection connection = connect(config, "postgres")) {
            for (String name : names) {
                if (!name.matches("[a-z_][a-z0-9_]*")) {
                    throw new StackException("refusing odd database name '" + name + "'");
                }
                try (PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                    exists.setString(1, name);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (Statement create = connection.createStatement()) {
                    create.execute("create database " + name);
                    created.add(name);
                } catch (SQLException e) {
                    // another launcher created it between our check and our create: fine
                    if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new StackException("postgres: cannot create databases " + names + " on " + config.pgHost + ":" + config.pgPort
                    + " as user '" + config.pgUser + "': " + e.getMessage()
                    + ". Set PG_USER / PG_PASSWORD for that server, or create them by hand: createdb -h " + config.pgHost
                    + " -p " + config.pgPort + " -U " + config.pgUser + " <name>", e);
        }
        return created;
    }
}
