package io.spoolgate.mailets.scan;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryPath;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.memory.MemoryMailRepository;

/** Just enough of a MailRepositoryStore: one memory repository per URL. */
final class MemoryRepositories implements MailRepositoryStore {
    private final Map<MailRepositoryUrl, MailRepository> byUrl = new HashMap<>();

    @Override
    public synchronized MailRepository select(MailRepositoryUrl url) {
        return byUrl.computeIfAbsent(url, u -> new MemoryMailRepository());
    }

    @Override
    public Optional<Protocol> defaultProtocol() {
        return Optional.of(new Protocol("memory"));
    }

    @Override
    public synchronized Optional<MailRepository> get(MailRepositoryUrl url) {
        return Optional.ofNullable(byUrl.get(url));
    }

    @Override
    public Stream<MailRepository> getByPath(MailRepositoryPath path) {
        return byUrl.entrySet().stream().filter(e -> e.getKey().getPath().equals(path)).map(Map.Entry::getValue);
    }

    @Override
    public Stream<MailRepositoryUrl> getUrls() {
        return byUrl.keySet().stream();
    }
}
