// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The ported lib/rbtree.c: the shapes and colors the kernel's rb_insert_color and rb_erase produce (printed by
 * lib/rbtree.c compiled with gcc), and the contents against a TreeMap over random inserts and erases.
 */
class RbTreeTest {
    /** A keyed node, inserted the way kernel callers do: walk by key, rb_link_node, rb_insert_color. */
    static final class K extends RbNode<K> {
        final long key;

        K(long key) {
            this.key = key;
        }
    }

    private final RbTree<K> tree = new RbTree<>();
    private final Map<Long, K> nodes = new HashMap<>();

    private void insert(long key) {
        K parent = null;
        boolean left = false;
        for (K n = tree.root; n != null; n = left ? n.rbLeft : n.rbRight) {
            parent = n;
            left = key < n.key;
        }
        K k = new K(key);
        nodes.put(key, k);
        tree.linkNode(k, parent, left);
        tree.insertColor(k);
    }

    private void erase(long key) {
        tree.erase(nodes.remove(key));
    }

    /** Preorder "keyColor(left,right)", "." for an empty child, as the C program prints it. */
    private static String shape(K n) {
        if (n == null) {
            return ".";
        }
        String s = n.key + (n.rbBlack ? "B" : "R");
        if (n.rbLeft == null && n.rbRight == null) {
            return s;
        }
        return s + "(" + shape(n.rbLeft) + "," + shape(n.rbRight) + ")";
    }

    /** Runs "+k" (insert), "-k" (erase) and "p" (print) and returns what "p" printed. */
    private List<String> run(String ops) {
        List<String> out = new ArrayList<>();
        for (String op : ops.split(" ")) {
            switch (op.charAt(0)) {
                case '+' -> insert(Long.parseLong(op.substring(1)));
                case '-' -> erase(Long.parseLong(op.substring(1)));
                default -> out.add(shape(tree.root));
            }
            checkInvariants();
        }
        return out;
    }

    @Test
    void ascendingInsertsThenErases() {
        assertThat(run("+1 +2 +3 +4 +5 +6 +7 p -4 p -1 p -7 p")).containsExactly(
                "2B(1B,4R(3B,6B(5R,7R)))",
                "2B(1B,5R(3B,6B(.,7R)))",
                "5B(2B(.,3R),6B(.,7R))",
                "5B(2B(.,3R),6B)");
    }

    @Test
    void descendingInsertsThenErases() {
        assertThat(run("+7 +6 +5 +4 +3 +2 +1 p -2 p -6 p -5 p")).containsExactly(
                "6B(4R(2B(1R,3R),5B),7B)",
                "6B(4R(3B(1R,.),5B),7B)",
                "4B(3B(1R,.),7B(5R,.))",
                "4B(3B(1R,.),7B)");
    }

    @Test
    void doubleRotationsAndSuccessorErases() {
        assertThat(run("+40 +20 +60 +10 +30 +50 +70 +25 +35 +33 p -20 p -40 p -10 p -70 p")).containsExactly(
                "30B(20R(10B,25B),40R(35B(33R,.),60B(50R,70R)))",
                "30B(25B(10R,.),40R(35B(33R,.),60B(50R,70R)))",
                "30B(25B(10R,.),50R(35B(33R,.),60B(.,70R)))",
                "30B(25B,50R(35B(33R,.),60B(.,70R)))",
                "30B(25B,50R(35B(33R,.),60B))");
    }

    @Test
    void mixedSequenceMatchesTheKernel() {
        String ops = "+61 -61 +123 -123 +6 +75 +196 -196 +71 +28 p -6 +67 +50 -28 +188 +96 -188 -50 +46 -67 p -96 "
                + "-71 +80 +131 -131 +111 +60 -75 -60 +72 p +166 +88 -88 -72 +163 +71 -166 +83 +51 +26 p +182 -163 "
                + "-111 -46 -182 -83 +84 -51 -71 +106 p +159 +20 -26 +75 -159 +41 -80 -75 -20 +147 p -106 +54 -84 "
                + "-41 +39 +140 +64 -147 -140 +105 p +52 +62 +126 -105 +166 +56 +9 -62 -52 +107 p +37 -56 +146 +168 "
                + "+184 +127 -107 -184 +43 -43 p +165 -37 +176 +87 +128 -166 +172 -168 +33 +69 p +16 +177 +121 +100 "
                + "-54 -127 -128 -177 +98 +141 p -176 -69 -33 +135 +21 -121 -16 +156 +11 -21 p";
        assertThat(run(ops)).containsExactly(
                "71B(6B(.,28R),75B)",
                "71B(46B,96B(75R,.))",
                "80B(46B(.,72R),111B)",
                "80B(51R(46B(26R,.),71B),111B(83R,163R))",
                "80B(26B,84B(.,106R))",
                "84B(41B,106B(.,147R))",
                "54B(39B,64B(.,105R))",
                "54B(39B(9R,.),64R(56B,126B(107R,166R)))",
                "126B(54B(37R(9B,39B),64B),166B(146B(127R,.),168B))",
                "126B(54B(33B(9R,39R),69B(64R,87R)),172B(146R(127B(.,128R),165B),176B))",
                "126B(64B(33R(9B(.,16R),39B),100R(87B(69R,98R),121B)),172B(146B(141R,165R),176B))",
                "126B(64B(11R(9B,39B),98R(87B,100B)),146B(141B(135R,.),165B(156R,172R)))");
    }

    @Test
    void contentsMatchATreeMap() {
        Random r = new Random(7);
        TreeMap<Long, K> ref = new TreeMap<>();
        for (int i = 0; i < 20000; i++) {
            long key = r.nextInt(500);
            if (ref.containsKey(key)) {
                erase(key);
                ref.remove(key);
            } else {
                insert(key);
                ref.put(key, nodes.get(key));
            }
            if (i % 97 == 0) {
                checkInvariants();
                List<K> inOrder = new ArrayList<>();
                for (K n = tree.first(); n != null; n = RbTree.next(n)) {
                    inOrder.add(n);
                }
                assertThat(inOrder).containsExactlyElementsOf(ref.values());
            }
        }
    }

    /** Root black, no red node with a red child, the same black height everywhere, parent links consistent. */
    private void checkInvariants() {
        if (tree.root != null) {
            assertThat(tree.root.rbBlack).isTrue();
            assertThat(tree.root.rbParent).isNull();
        }
        blackHeight(tree.root);
    }

    private static int blackHeight(K n) {
        if (n == null) {
            return 1;
        }
        for (K c : new K[] {n.rbLeft, n.rbRight}) {
            if (c != null) {
                assertThat(c.rbParent).isSameAs(n);
                assertThat(n.rbBlack || c.rbBlack).as("red %d has a red child", n.key).isTrue();
            }
        }
        if (n.rbLeft != null) {
            assertThat(n.rbLeft.key).isLessThan(n.key);
        }
        if (n.rbRight != null) {
            assertThat(n.rbRight.key).isGreaterThan(n.key);
        }
        int h = blackHeight(n.rbLeft);
        assertThat(blackHeight(n.rbRight)).isEqualTo(h);
        return h + (n.rbBlack ? 1 : 0);
    }
}
