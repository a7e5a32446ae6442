package io.spoolgate.mailets.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.james.transport.mailets.ToRepository;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** Runs James's own ToRepository, so that a change of its log line in another James version fails here. */
class ReaderStoreLineFilterTest {

    private final LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    private final Logger log = context.getLogger(ReaderStoreLineFilter.TO_REPOSITORY);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final ReaderStoreLineFilter filter = new ReaderStoreLineFilter();
    private final List<MailRepository> stores = new ArrayList<>();

    @BeforeEach
    void listen() {
        lines.start();
        log.addAppender(lines);
        filter.start();
        context.addTurboFilter(filter);
    }

    @AfterEach
    void stopListening() {
        context.getTurboFilterList().remove(filter);
        log.detachAppender(lines);
    }

    @Test
    void dropsTheLineForMailPunchedIntoReadersAndKeepsEveryOtherRepository() throws Exception {
        ToRepository readers = toRepository("vmspool://readers");
        ToRepository errors = toRepository("file://mail/error/");
        readers.service(FakeMail.builder().name("punched").recipient("user1@vm.example").build());
        errors.service(FakeMail.builder().name("failed").recipient("user1@vm.example").build());

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
            .containsExactly("Storing mail failed in MailRepositoryUrl{value=file://mail/error}");
        assertThat(stores).allSatisfy(store -> assertThat(store.size()).isEqualTo(1));
    }

    @Test
    void withoutTheFilterJamesWritesTheLineForReadersToo() throws Exception {
        context.getTurboFilterList().remove(filter);
        toRepository("vmspool://readers").service(FakeMail.builder().name("punched").recipient("u@vm.example").build());
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
            .containsExactly("Storing mail punched in MailRepositoryUrl{value=vmspool://readers}");
    }

    @Test
    void otherLoggersAndLevelsPass() {
        Logger other = context.getLogger("io.spoolgate.other");
        ListAppender<ILoggingEvent> otherLines = new ListAppender<>();
        otherLines.start();
        other.addAppender(otherLines);
        try {
            other.info("Storing mail x in MailRepositoryUrl{value=vmspool://readers}");
            log.warn("Storing mail y in MailRepositoryUrl{value=vmspool://readers}");
        } finally {
            other.detachAppender(otherLines);
        }
        assertThat(otherLines.list).hasSize(1);
        assertThat(lines.list).hasSize(1);
    }

    private ToRepository toRepository(String url) throws Exception {
        MemoryMailRepository repository = new MemoryMailRepository();
        stores.add(repository);
        MailRepositoryStore store = (MailRepositoryStore) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {MailRepositoryStore.class}, (proxy, method, args) -> {
                if (method.getName().equals("select")) {
                    return repository;
                }
                throw new UnsupportedOperationException(method.getName());
            });
        ToRepository mailet = new ToRepository(store);
        mailet.init(FakeMailetConfig.builder().mailetName("store").setProperty("repositoryPath", url).build());
        return mailet;
    }
}
