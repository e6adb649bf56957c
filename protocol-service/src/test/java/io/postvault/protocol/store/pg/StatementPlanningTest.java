package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.postvault.deploy.test.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The service's connections plan each statement once (application.properties, "Plan each statement once per
 * connection"): PgJDBC prepares on the server from the first execution, and PostgreSQL keeps the generic plan.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class StatementPlanningTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void connectionsPrepareAtOnceAndKeepGenericPlans() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW plan_cache_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("force_generic_plan");
            assertThat(c.unwrap(PGConnection.class).getPrepareThreshold()).isEqualTo(1);
        }
    }
}
