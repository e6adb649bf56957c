package io.postvault.gateway.health;

import io.postvault.common.health.ReadinessContract;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.gateway.upstream.UpstreamStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(UpstreamStubs.class)
class ReadinessTest implements ReadinessContract {

    @Override
    public List<String> backingChecks() {
        return List.of("Database connections health check");
    }
}
