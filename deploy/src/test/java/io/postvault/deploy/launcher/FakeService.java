package io.postvault.deploy.launcher;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Stands in for a Quarkus service: answers /q/health/ready on QUARKUS_HTTP_PORT with its environment. */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/q/health/ready", exchange -> {
            byte[] body = (System.getenv("POSTVAULT_DB_URL") + "\n" + System.getenv("POSTVAULT_KAFKA_BOOTSTRAP") + "\n"
                    + System.getenv("POSTVAULT_S3_ENDPOINT") + "\n" + System.getenv("POSTVAULT_ADMIN_TOKEN"))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("fake service up on " + port);
    }
}
