// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A kept allocation request made new by {@link AllocArg#reset} must be a new request: every field (the nested
 * found-extent scratch too) equal to a freshly built one's, whatever a previous allocation left in it (the near
 * search's state is scratch each search resets itself). Fields added later and forgotten in reset make this fail.
 */
class AllocArgResetTest {
    private static final sun.misc.Unsafe UNSAFE = unsafe();

    private static sun.misc.Unsafe unsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Test
    void resetEqualsNew() throws Exception {
        assertThat(AllocArg.class.getDeclaredFields().length).as("fields to check").isGreaterThan(25);
        AllocArg used = new AllocArg(null, null);
        scribble(used);
        scribble(used.found);
        AllocArg fresh = new AllocArg(null, null);
        used.reset(null, null);
        assertThat(fieldValues(used)).isEqualTo(fieldValues(fresh));
        assertThat(fieldValues(used.found)).isEqualTo(fieldValues(fresh.found));
    }

    /** Sets every instance field that is not final to a value a constructor would never leave. */
    private static void scribble(Object o) throws ReflectiveOperationException {
        for (Field f : o.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Class<?> t = f.getType();
            if (t == long.class) {
                f.setLong(o, 77);
            } else if (t == int.class) {
                f.setInt(o, 77);
            } else if (t == boolean.class) {
                f.setBoolean(o, true);
            } else if (t.isEnum()) {
                f.set(o, t.getEnumConstants()[0]);
            } else if (!t.isPrimitive()) {
                // Any instance of the type will do (Trans, Mount, XfsBuf, the busy tree): made without running a
                // constructor, it only has to be there for reset to clear.
                f.set(o, UNSAFE.allocateInstance(t));
            } else {
                throw new AssertionError("field of unexpected type: " + f);
            }
        }
    }

    private static List<String> fieldValues(Object o) throws IllegalAccessException {
        List<String> out = new ArrayList<>();
        for (Field f : o.getClass().getDeclaredFields()) {
            Class<?> t = f.getType();
            if (Modifier.isStatic(f.getModifiers()) || t == FoundExtent.class || t == AllocNear.class) {
                continue;
            }
            f.setAccessible(true);
            out.add(f.getName() + "=" + f.get(o));
        }
        return out;
    }
}
