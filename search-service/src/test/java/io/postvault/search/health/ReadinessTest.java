package io.postvault.search.health;

import io.postvault.common.health.ReadinessContract;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.search.support.TempIndexDir;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(TempIndexDir.class)
class ReadinessTest implements ReadinessContract {

    @Override
    public List<String> backingChecks() {
        return List.of("Database connections health check", "Kafka connection health check", "S3 object store");
    }
}
