package io.spoolgate.exit.host.webadmin;

import io.spoolgate.exit.host.ExitDefinition;
import io.spoolgate.exit.host.ExitJarStore;
import io.spoolgate.exit.host.ExitLoadException;
import io.spoolgate.exit.host.ExitRegistry;
import io.spoolgate.exit.host.ExitStatus;
import io.spoolgate.exit.host.UnknownExitException;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import spark.Request;
import spark.Response;
import spark.Service;

import javax.inject.Inject;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Webadmin control of the SMTP exits, under {@code /spoolgate/exits} (authenticated like every webadmin route:
 * with JWT on, calls without an admin token get 401):
 *
 * <ul>
 *   <li>{@code GET /spoolgate/exits}: every exit with its state and counters;
 *       {@code GET /spoolgate/exits/{name}}: one exit.</li>
 *   <li>{@code POST /spoolgate/exits/{name}?action=start|stop}: start or stop it.</li>
 *   <li>{@code PUT /spoolgate/exits/{name}?class=FQCN[&param.KEY=VALUE...]}: replace (or create) it. The body, if
 *       any, is the exit jar (stored atomically in the jar directory and loaded in its own class loader); without
 *       a body the class comes from the server class path, or from {@code jar=PATH} (a jar already on the
 *       server). Without {@code param.*} query parameters the previous parameters are kept.</li>
 * </ul>
 * Every control action is logged with the token's subject. Bad requests get 400 with the reason, unknown exits 404.
 */
public class ExitRoutes implements Routes {
    /** The base path of the routes. */
    public static final String BASE_PATH = "/spoolgate/exits";
    private static final Logger LOGGER = LoggerFactory.getLogger(ExitRoutes.class);
    private static final String PARAM_PREFIX = "param.";

    private final ExitRegistry registry;
    private final ExitJarStore jars;
    private final JsonTransformer json;

    /**
     * @param registry the exit chain
     * @param jars     where uploaded jars are kept
     * @param json     webadmin's JSON renderer
     */
    @Inject
    public ExitRoutes(ExitRegistry registry, ExitJarStore jars, JsonTransformer json) {
        this.registry = registry;
        this.jars = jars;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> registry.statuses(), json);
        service.get(BASE_PATH + "/:name", (request, response) -> guarded(request, "show",
            () -> registry.status(name(request))), json);
        service.post(BASE_PATH + "/:name", this::control, json);
        service.put(BASE_PATH + "/:name", this::replace, json);
    }

    private Object control(Request request, Response response) {
        String name = name(request);
        String action = Optional.ofNullable(request.queryParams("action")).orElse("");
        return guarded(request, action, () -> {
            ExitStatus status;
            switch (action) {
                case "start":
                    status = registry.start(name);
                    break;
                case "stop":
                    status = registry.stop(name);
                    break;
                default:
                    throw new IllegalArgumentException("action must be 'start' or 'stop', got '" + action + "'");
            }
            LOGGER.info("SGX020I SMTP exit control: {} {} by {}", action, name, subject(request));
            return status;
        });
    }

    private Object replace(Request request, Response response) {
        String name = name(request);
        return guarded(request, "replace", () -> {
            String className = Optional.ofNullable(request.queryParams("class"))
                .orElseThrow(() -> new IllegalArgumentException("query parameter 'class' (the exit class) is missing"));
            Optional<Path> jar = uploadedJar(name, request);
            if (jar.isEmpty() && request.queryParams("jar") != null) {
                jar = Optional.of(Path.of(request.queryParams("jar")));
            }
            ExitDefinition definition = new ExitDefinition(name, className, jar, parameters(request, name));
            ExitStatus status = registry.replace(definition);
            LOGGER.info("SGX021I SMTP exit control: replace {} with {}{} by {}", name, className,
                jar.map(path -> " from " + path).orElse(""), subject(request));
            return status;
        });
    }

    private Optional<Path> uploadedJar(String name, Request request) throws IOException {
        PushbackInputStream body = new PushbackInputStream(request.raw().getInputStream(), 1);
        int first = body.read();
        if (first < 0) {
            return Optional.empty();
        }
        body.unread(first);
        try {
            return Optional.of(jars.store(ExitDefinition.requireValidName(name), body));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("exit " + name + ": " + e.getMessage(), e);
        }
    }

    private Map<String, String> parameters(Request request, String name) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String key : request.queryParams()) {
            if (key.startsWith(PARAM_PREFIX)) {
                parameters.put(key.substring(PARAM_PREFIX.length()), request.queryParams(key));
            }
        }
        if (parameters.isEmpty() && registry.isDefined(name)) {
            return registry.status(name).parameters();
        }
        return parameters;
    }

    private static String name(Request request) {
        return request.params("name");
    }

    private static String subject(Request request) {
        Object login = request.attribute(AuthenticationFilter.LOGIN);
        return login == null ? "(no authentication)" : login.toString();
    }

    private Object guarded(Request request, String what, Action action) {
        try {
            return action.run();
        } catch (RuntimeException | IOException e) {
            if (!request.requestMethod().equals("GET")) {
                LOGGER.warn("SGX022W SMTP exit control: {} {} by {} refused: {}", what, name(request), subject(request),
                    e.getMessage());
            }
            throw toHalt(e);
        }
    }

    private static RuntimeException toHalt(Exception e) {
        if (e instanceof UnknownExitException) {
            return ErrorResponder.builder().statusCode(404).type(ErrorResponder.ErrorType.NOT_FOUND)
                .message(e.getMessage()).haltError();
        }
        if (e instanceof ExitLoadException || e instanceof IllegalArgumentException
            || e instanceof IllegalStateException) {
            return ErrorResponder.builder().statusCode(400).type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message(e.getMessage()).haltError();
        }
        if (e instanceof IOException) {
            return ErrorResponder.builder().statusCode(500).type(ErrorResponder.ErrorType.SERVER_ERROR)
                .message("storing the exit jar failed: " + e.getMessage()).haltError();
        }
        return e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
    }

    @FunctionalInterface
    private interface Action {
        Object run() throws IOException;
    }
}
