package io.spoolgate.vmspool.james;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.spoolgate.exit.MessageView;

/** A read-only view of a message held in a file, for the SMTP exits. */
record FileMessageView(Path file) implements MessageView {

    @Override
    public long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(file);
    }
}
