package io.spoolgate.vmspool.james;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.spoolgate.vmspool.intake.RejectedArea;
import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.DirectorySpoolBackend;
import io.spoolgate.vmspool.spool.PunchRequest;
import io.spoolgate.vmspool.spool.SpoolFile;
import io.spoolgate.vmspool.spool.VmUserid;
import spark.Request;
import spark.Service;

/**
 * Webadmin routes for the VM spool, under {@code /spoolgate/spool} (JWT-authenticated like all webadmin routes):
 * <ul>
 * <li>{@code GET /spoolgate/spool/readers} — every reader with its pending files: userid, files, bytes;</li>
 * <li>{@code GET /spoolgate/spool/readers/{userid}} — the files of one reader (RDRLIST as JSON);</li>
 * <li>{@code GET /spoolgate/spool/intake} — the intake: service machine, counters, files waiting;</li>
 * <li>{@code GET /spoolgate/spool/rejected} — files the intake could not decode, with their reasons;</li>
 * <li>{@code POST /spoolgate/spool/rejected/{name}?action=resubmit} — put a rejected file back into the service
 * machine's reader (for example after fixing the intake); answers with its new spool key.</li>
 * </ul>
 * Register in {@code webadmin.properties}: {@code extensions.routes=io.spoolgate.vmspool.james.SpoolRoutes}.
 */
public class SpoolRoutes implements Routes {

    public static final String BASE_PATH = "/spoolgate/spool";
    private static final Logger LOGGER = LoggerFactory.getLogger(SpoolRoutes.class);

    private final SpoolIntake intake;
    private final JsonTransformer json;

    @Inject
    public SpoolRoutes(SpoolIntake intake, JsonTransformer json) {
        this.intake = intake;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH + "/readers", (req, res) -> readers(), json);
        service.get(BASE_PATH + "/readers/:userid", (req, res) -> reader(userid(req)), json);
        service.get(BASE_PATH + "/intake", (req, res) -> intakeStatus(), json);
        service.get(BASE_PATH + "/rejected", (req, res) -> rejected(), json);
        service.post(BASE_PATH + "/rejected/:name", (req, res) -> resubmit(req), json);
    }

    private DirectorySpoolBackend spool() {
        DirectorySpoolBackend spool = intake.spool();
        if (spool == null) {
            throw ErrorResponder.builder().statusCode(HttpStatus.CONFLICT_409).type(ErrorResponder.ErrorType.WRONG_STATE)
                .message("the spool intake is disabled (spoolintake.properties): no directory spool to show").haltError();
        }
        return spool;
    }

    private List<Map<String, Object>> readers() throws IOException {
        List<Map<String, Object>> result = new ArrayList<>();
        for (VmUserid owner : spool().readers()) {
            List<SpoolFile> files = spool().list(owner);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("userid", owner.value());
            r.put("files", files.size());
            r.put("bytes", files.stream().mapToLong(SpoolFile::bytes).sum());
            result.add(r);
        }
        return result;
    }

    private List<Map<String, Object>> reader(VmUserid owner) throws IOException {
        List<Map<String, Object>> result = new ArrayList<>();
        for (SpoolFile f : spool().list(owner)) {
            result.add(describe(f));
        }
        return result;
    }

    static Map<String, Object> describe(SpoolFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", f.key());
        m.put("spoolId", f.spoolId());
        m.put("class", String.valueOf(f.spoolClass()));
        m.put("fileName", f.fileName());
        m.put("fileType", f.fileType());
        m.put("origin", f.originUserid().value() + " at " + f.originNode());
        m.put("format", f.format().name());
        m.put("records", f.records());
        m.put("bytes", f.bytes());
        m.put("created", f.created().toString());
        m.put("sender", f.sender());
        m.put("recipients", f.recipients());
        return m;
    }

    private Map<String, Object> intakeStatus() throws IOException {
        long[] c = intake.counters();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serviceMachine", intake.settings() == null ? null : intake.settings().userid().value());
        m.put("enabled", intake.settings() != null && intake.settings().enabled());
        m.put("filesTaken", c[0]);
        m.put("mailsEnqueued", c[1]);
        m.put("filesRejected", c[2]);
        m.put("waiting", spool().list(intake.settings().userid()).size());
        m.put("rejectedKept", intake.rejectedArea().list(intake.settings().userid().value()).size());
        return m;
    }

    private List<Map<String, Object>> rejected() throws IOException {
        spool();
        List<Map<String, Object>> result = new ArrayList<>();
        for (RejectedArea.Rejected r : intake.rejectedArea().list(intake.settings().userid().value())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("reason", r.reason());
            m.put("bytes", Files.size(r.data()));
            result.add(m);
        }
        return result;
    }

    private Map<String, Object> resubmit(Request req) throws IOException {
        String action = req.queryParams("action");
        if (!"resubmit".equals(action)) {
            throw ErrorResponder.builder().statusCode(HttpStatus.BAD_REQUEST_400).type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("action must be 'resubmit', got '" + action + "'").haltError();
        }
        DirectorySpoolBackend spool = spool();
        VmUserid service = intake.settings().userid();
        RejectedArea area = intake.rejectedArea();
        RejectedArea.Rejected r = area.find(service.value(), req.params("name"))
            .orElseThrow(() -> ErrorResponder.builder().statusCode(HttpStatus.NOT_FOUND_404)
                .type(ErrorResponder.ErrorType.NOT_FOUND).message("no rejected file '" + req.params("name") + "'").haltError());
        Path attrs = area.attributes(r);
        SpoolFile before = Files.exists(attrs) ? DirectorySpoolBackend.readAttributes(service, 0, attrs) : null;
        long size = Files.size(r.data());
        PunchRequest request = new PunchRequest(service, before == null ? 'A' : before.spoolClass(),
            before == null ? "RESUBMIT" : before.fileName(), before == null ? "MAIL" : before.fileType(),
            before == null ? service : before.originUserid(), before == null ? intake.settings().node() : before.originNode(),
            DeliveryFormat.NETDATA, "resubmit-" + r.name(), "", List.of());
        SpoolFile again = spool.punch(request, out -> {
            try (InputStream in = Files.newInputStream(r.data())) {
                in.transferTo(out);
            }
            return size / 80;
        });
        area.remove(r);
        LOGGER.info("Rejected spool file {} resubmitted as {}", r.name(), again.key());
        return describe(again);
    }

    private static VmUserid userid(Request req) {
        return VmUserid.of(req.params("userid"));
    }
}
