package netpoll.mcache;

import netpoll.api.Reader;
import netpoll.mcache.contract.ReaderContractTest;

class LinkBufferReaderContractTest extends ReaderContractTest {

    @Override
    protected ReaderFixture newFixture() {
        Mcache cache = Mcache.builder().build();
        LinkBuffer buffer = new LinkBuffer(cache, 256);
        return new ReaderFixture() {
            @Override
            public Reader reader() {
                return buffer;
            }

            @Override
            public void feed(byte[] bytes) {
                buffer.writeBinary(bytes);
                buffer.flush();
            }

            @Override
            public void endOfStream() {
            }

            @Override
            public void close() {
                buffer.close();
                Leaks.assertNone(cache);
                cache.close();
            }
        };
    }

}
