package netpoll.mcache;

import netpoll.api.Writer;
import netpoll.mcache.contract.WriterContractTest;

class LinkBufferWriterContractTest extends WriterContractTest {

    @Override
    protected WriterFixture newFixture() {
        LinkBuffer buffer = new LinkBuffer(256);
        return new WriterFixture() {
            @Override
            public Writer writer() {
                return buffer;
            }

            @Override
            public byte[] readFlushed(int n) throws Exception {
                byte[] b = buffer.readBinary(n);
                buffer.release();
                return b;
            }

            @Override
            public void close() {
                buffer.close();
                Leaks.assertNone(Mcache.defaultCache());
            }
        };
    }

}
