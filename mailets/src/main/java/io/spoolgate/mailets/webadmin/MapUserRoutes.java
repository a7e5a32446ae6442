package io.spoolgate.mailets.webadmin;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;

import io.spoolgate.addressing.mapping.Mapping;
import io.spoolgate.addressing.mapping.RecipientAddress;
import io.spoolgate.addressing.mapping.UnknownUserPolicy;
import io.spoolgate.mailets.mapuser.MapUserConfiguration;
import io.spoolgate.mailets.mapuser.MapUserConfigurations;
import spark.Request;
import spark.Service;

/**
 * "Where would this address go?" — {@code GET /spoolgate/mapuser/{address}} answers with the userid, format, file
 * type and the strategy that answered, using {@code conf/mapuser.properties} exactly as the MapUser mailet and RCPT
 * hook do. {@code 400} for a malformed address, {@code 404} when its domain is not local (such mail is relayed, not
 * mapped), {@code 503} when a strategy cannot answer (LDAP down). Register in {@code webadmin.properties}:
 * {@code extensions.routes=io.spoolgate.mailets.webadmin.MapUserRoutes}; authenticated like every webadmin route.
 */
public final class MapUserRoutes implements Routes {

    /** Base path of the route. */
    public static final String BASE_PATH = "/spoolgate/mapuser";

    private final FileSystem fileSystem;
    private final RecipientRewriteTable recipientRewriteTable;
    private final DomainList domainList;
    private final JsonTransformer json;

    @Inject
    public MapUserRoutes(FileSystem fileSystem, RecipientRewriteTable recipientRewriteTable, DomainList domainList,
                         JsonTransformer json) {
        this.fileSystem = fileSystem;
        this.recipientRewriteTable = recipientRewriteTable;
        this.domainList = domainList;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH + "/:address", (request, response) -> answer(request), json);
    }

    private MapUserAnswer answer(Request request) {
        String text = request.params("address");
        MailAddress address;
        try {
            address = new MailAddress(text);
        } catch (Exception e) {
            throw ErrorResponder.builder().statusCode(400).type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("'" + text + "' is not a mail address: " + e.getMessage()).haltError();
        }
        if (!isLocal(address.getDomain())) {
            throw ErrorResponder.builder().statusCode(404).type(ErrorResponder.ErrorType.NOT_FOUND)
                .message("domain " + address.getDomain().asString() + " is not local: its mail is relayed, not mapped")
                .haltError();
        }
        MapUserConfiguration configuration;
        Mapping mapping;
        try {
            configuration = MapUserConfigurations.load(MapUserConfigurations.DEFAULT_LOCATION, fileSystem, recipientRewriteTable);
            mapping = configuration.mappings().resolve(new RecipientAddress(address.getLocalPart(), address.getDomain().asString()));
        } catch (RuntimeException e) {
            throw ErrorResponder.builder().statusCode(503).type(ErrorResponder.ErrorType.SERVER_ERROR)
                .message("cannot map " + address.asString() + ": " + e.getMessage()).haltError();
        }
        boolean rejected = mapping.unknownUser() && configuration.settings().unknownUsers(address.getDomain().asString()) == UnknownUserPolicy.REJECT;
        return new MapUserAnswer(address.asString(), mapping.userid().value(), mapping.format().configName(),
            mapping.fileType().name(), mapping.strategy(), mapping.unknownUser(), rejected);
    }

    private boolean isLocal(Domain domain) {
        try {
            return domainList.containsDomain(domain);
        } catch (DomainListException e) {
            throw ErrorResponder.builder().statusCode(503).type(ErrorResponder.ErrorType.SERVER_ERROR)
                .message("domain list unavailable: " + e.getMessage()).haltError();
        }
    }
}
