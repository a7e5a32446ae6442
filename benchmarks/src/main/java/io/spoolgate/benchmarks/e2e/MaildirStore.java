package io.spoolgate.benchmarks.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Per-user maildirs {@code DIR/USER/new|cur/FILE}, one file per delivered copy (Postfix's virtual agent). */
final class MaildirStore implements DeliveryStore {

    private final Path root;

    MaildirStore(Path root) {
        this.root = root;
    }

    @Override
    public long copies() throws IOException {
        return messageFiles().size();
    }

    @Override
    public int copiesFor(java.util.List<String> recipients) {
        return (int) recipients.stream().distinct().count();
    }

    @Override
    public Map<String, Integer> messageIds(String prefix) throws IOException {
        Map<String, Integer> ids = new HashMap<>();
        for (Path f : messageFiles()) {
            try (InputStream in = Files.newInputStream(f)) {
                MessageIds.count(ids, MessageIds.ofHeader(in), prefix);
            }
        }
        return ids;
    }

    private List<Path> messageFiles() throws IOException {
        List<Path> result = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return result;
        }
        try (DirectoryStream<Path> users = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path user : users) {
                for (String sub : new String[] {"new", "cur"}) {
                    Path d = user.resolve(sub);
                    if (!Files.isDirectory(d)) {
                        continue;
                    }
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
                        for (Path f : files) {
                            result.add(f);
                        }
                    }
                }
            }
        }
        return result;
    }
}
