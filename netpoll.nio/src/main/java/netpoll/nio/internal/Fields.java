package netpoll.nio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The VarHandles of fields this package updates atomically in place of {@code Atomic*} objects:
 * a connection is all the memory an idle one costs, so it carries no object it does not need.
 */
final class Fields {

    private Fields() {
    }

    /**
     * @param lookup the declaring class's own {@code MethodHandles.lookup()}, which sees its
     *     private fields
     * @param name the field
     * @param type the field's type
     * @return the field's VarHandle
     */
    static VarHandle handle(MethodHandles.Lookup lookup, String name, Class<?> type) {
        try {
            return lookup.findVarHandle(lookup.lookupClass(), name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(lookup.lookupClass().getName() + " has no field " + name, e);
        }
    }
}
