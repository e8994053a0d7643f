package netpoll.benchmarks.suite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The rounds of a suite run with {@code --rounds N}: every point measured N times, and the round
 * that stands for them in the tables and charts, the one with the median value. A median round
 * is a real measurement (its percentiles, CPU and memory belong together) that one disturbed
 * round cannot move.
 */
final class Rounds {

    private Rounds() {
    }

    /**
     * @param rows measurements in the order they were made
     * @param point what makes two rows rounds of the same point
     * @param <T> the row type
     * @return the rows grouped by point, points in the order of their first round, rounds in the
     *     order they were made
     */
    static <T> List<List<T>> byPoint(List<T> rows, Function<T, ?> point) {
        return new ArrayList<>(rows.stream()
                .collect(Collectors.groupingBy(point, LinkedHashMap::new, Collectors.toList())).values());
    }

    /**
     * @param rounds the rounds of one point, at least one
     * @param value what to take the median of
     * @param <T> the row type
     * @return the round with the median value; of an even number, the lower of the middle two
     * @throws IllegalArgumentException when there is no round
     */
    static <T> T median(List<T> rounds, ToDoubleFunction<T> value) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("a point without a round has no median");
        }
        List<T> sorted = new ArrayList<>(rounds);
        sorted.sort(Comparator.comparingDouble(value));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /**
     * @param points rows grouped by point
     * @return whether any point was measured more than once
     */
    static boolean repeated(List<? extends List<?>> points) {
        return points.stream().anyMatch(p -> p.size() > 1);
    }
}
