package io.spoolgate.mailets.scan;

import io.spoolgate.scan.ScannerUnavailableException;
import io.spoolgate.scan.spamassassin.LearnClass;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.mailet.Mail;
import org.eclipse.jetty.http.HttpStatus;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Scanner administration under {@code /spoolgate} (JWT-protected like every {@link Routes} when webadmin has
 * {@code jwt.enabled=true}). Register with {@code extensions.routes=io.spoolgate.mailets.scan.ScanningRoutes}.
 *
 * <ul>
 *   <li>{@code GET /spoolgate/scanners} — clamd and spamd health (PING, clamd VERSION), endpoints and counters;
 *       503 when a scanner is down.</li>
 *   <li>{@code POST /spoolgate/learn?class=spam|ham} — teach Bayes (spamd TELL): the request body is the raw
 *       message, or {@code &repository=<url>&key=<mail key>} names a quarantined/stored mail (e.g.
 *       {@code repository=file://var/mail/quarantine/spam/}). Optional {@code user=} for per-user Bayes.</li>
 *   <li>{@code POST /spoolgate/quarantine/purge} — run the retention purge now; answers mails removed per
 *       repository.</li>
 * </ul>
 */
public class ScanningRoutes implements Routes {
    /** Base path of the routes. */
    public static final String BASE = "/spoolgate";
    private final ScanningServices services;
    private final MailRepositoryStore repositories;
    private final QuarantinePurger purger;
    private final JsonTransformer json;

    /**
     * @param services shared scanning components
     * @param repositories James' mail repositories
     * @param purger the quarantine purge
     * @param json James' JSON renderer
     */
    @Inject
    public ScanningRoutes(ScanningServices services, MailRepositoryStore repositories, QuarantinePurger purger,
                          JsonTransformer json) {
        this.services = services;
        this.repositories = repositories;
        this.purger = purger;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE + "/scanners", this::health, json);
        service.post(BASE + "/learn", this::learn, json);
        service.post(BASE + "/quarantine/purge", (req, res) -> Map.of("purged", purger.purge()), json);
    }

    private Object health(Request request, Response response) {
        Map<String, Object> clamd = new LinkedHashMap<>();
        clamd.put("endpoint", services.settings().clamd().endpoint().toString());
        boolean up = true;
        try {
            services.settings().clamd().ping();
            clamd.put("status", "up");
            clamd.put("version", services.settings().clamd().version());
        } catch (ScannerUnavailableException e) {
            clamd.put("status", "down");
            clamd.put("error", e.getMessage());
            up = false;
        }
        Map<String, Object> spamd = new LinkedHashMap<>();
        spamd.put("endpoint", services.settings().spamd().endpoint().toString());
        spamd.put("maxSize", services.settings().spamd().maxSize());
        try {
            services.settings().spamd().ping();
            spamd.put("status", "up");
        } catch (ScannerUnavailableException e) {
            spamd.put("status", "down");
            spamd.put("error", e.getMessage());
            up = false;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clamd", clamd);
        body.put("spamd", spamd);
        body.put("counters", services.counters().snapshot());
        response.status(up ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503);
        return body;
    }

    private Object learn(Request request, Response response) throws Exception {
        LearnClass learnClass;
        try {
            learnClass = LearnClass.parse(request.queryParams("class"));
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
        Optional<String> user = Optional.ofNullable(request.queryParams("user")).filter(u -> !u.isBlank());
        String repository = request.queryParams("repository");
        String key = request.queryParams("key");
        boolean learned;
        String source;
        try {
            if (repository != null || key != null) {
                if (repository == null || key == null) {
                    throw badRequest("give both 'repository' and 'key', or the message as the request body");
                }
                learned = learnStored(repository, key, learnClass, user);
                source = repository + " " + key;
            } else {
                byte[] body = request.bodyAsBytes();
                if (body == null || body.length == 0) {
                    throw badRequest("no message: send it as the request body or name it with 'repository' and 'key'");
                }
                learned = services.settings().spamd().learn(new ByteArrayInputStream(body), learnClass, user);
                source = "request body";
            }
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        } catch (ScannerUnavailableException e) {
            throw ErrorResponder.builder().statusCode(HttpStatus.SERVICE_UNAVAILABLE_503)
                .type(ErrorResponder.ErrorType.SERVER_ERROR).message(e.getMessage()).haltError();
        }
        services.counters().increment("learn." + learnClass.protocolName());
        return Map.of("class", learnClass.protocolName(), "learned", learned, "source", source);
    }

    private boolean learnStored(String repositoryUrl, String key, LearnClass learnClass, Optional<String> user) throws Exception {
        Optional<MailRepository> repository = repositories.get(MailRepositoryUrl.from(repositoryUrl));
        if (repository.isEmpty()) {
            throw ErrorResponder.builder().statusCode(HttpStatus.NOT_FOUND_404).type(ErrorResponder.ErrorType.NOT_FOUND)
                .message("no mail repository " + repositoryUrl).haltError();
        }
        Mail mail = repository.get().retrieve(new MailKey(key));
        if (mail == null) {
            throw ErrorResponder.builder().statusCode(HttpStatus.NOT_FOUND_404).type(ErrorResponder.ErrorType.NOT_FOUND)
                .message("no mail " + key + " in " + repositoryUrl).haltError();
        }
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            mail.getMessage().writeTo(raw);
            try (InputStream in = new ByteArrayInputStream(raw.toByteArray())) {
                return services.settings().spamd().learn(in, learnClass, user);
            }
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    private static RuntimeException badRequest(String message) {
        return ErrorResponder.builder().statusCode(HttpStatus.BAD_REQUEST_400).type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message(message).haltError();
    }
}
