package io.spoolgate.ipmapper.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * One channel's receive allocator in splice mode: sizes reads like the shared allocator and counts the bytes the
 * channel takes from its socket. With {@code splice(2)} the bytes never reach the pipeline, so this count is the
 * only place that sees them: it feeds the byte totals in the log and the idle timeout.
 */
final class CountingRecvAllocator implements RecvByteBufAllocator {
    private final RecvByteBufAllocator sizes;
    private long bytes;
    private SpliceRelay.Activity activity;

    CountingRecvAllocator(RecvByteBufAllocator sizes) {
        this.sizes = sizes;
    }

    /** @return bytes taken from the socket so far */
    long bytes() {
        return bytes;
    }

    void add(int count) {
        bytes += count;
        SpliceRelay.Activity watcher = activity;
        if (watcher != null) {
            watcher.touch();
        }
    }

    /** Reports traffic to the connection's idle watch from now on. */
    void activity(SpliceRelay.Activity value) {
        activity = value;
    }

    @Override
    public Handle newHandle() {
        return new Counting((ExtendedHandle) sizes.newHandle());
    }

    /** Delegates everything; counts positive results of reads and splices. */
    private final class Counting implements ExtendedHandle {
        private final ExtendedHandle delegate;

        Counting(ExtendedHandle delegate) {
            this.delegate = delegate;
        }

        @Override
        public void lastBytesRead(int count) {
            if (count > 0) {
                add(count);
            }
            delegate.lastBytesRead(count);
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            return delegate.allocate(alloc);
        }

        @Override
        public int guess() {
            return delegate.guess();
        }

        @Override
        public void reset(ChannelConfig config) {
            delegate.reset(config);
        }

        @Override
        public void incMessagesRead(int numMessages) {
            delegate.incMessagesRead(numMessages);
        }

        @Override
        public int lastBytesRead() {
            return delegate.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(int count) {
            delegate.attemptedBytesRead(count);
        }

        @Override
        public int attemptedBytesRead() {
            return delegate.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
            return delegate.continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return delegate.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public void readComplete() {
            delegate.readComplete();
        }
    }
}
