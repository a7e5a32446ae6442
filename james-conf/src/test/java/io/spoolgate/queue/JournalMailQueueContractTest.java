package io.spoolgate.queue;

import java.nio.file.Path;

import org.apache.james.queue.api.DelayedManageableMailQueueContract;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** James's own MailQueue, ManageableMailQueue and delay contracts, run against the journal queue. */
class JournalMailQueueContractTest implements DelayedManageableMailQueueContract {

    @TempDir
    Path directory;

    private JournalMailQueue queue;

    @BeforeEach
    void setUp() throws Exception {
        queue = new JournalMailQueue(MailQueueName.of("test"), directory.resolve("test"), 1024 * 1024, 64 * 1024,
            new RawMailQueueItemDecoratorFactory());
    }

    @AfterEach
    void tearDown() {
        queue.close();
    }

    @Override
    public MailQueue getMailQueue() {
        return queue;
    }

    @Override
    public ManageableMailQueue getManageableMailQueue() {
        return queue;
    }
}
