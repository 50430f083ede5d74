#pragma once
// CPython's heapq, copied exactly: timers compare by `when` only, so equal deadlines
// come out in the order the heap's shape dictates (NOT first-in, first-out).
#include <cstddef>
#include <vector>

namespace condlab::heapq {

// `less(a, b)` is Python's `a < b`.
template <class T, class Less>
void siftdown(std::vector<T>& h, std::size_t start, std::size_t pos, Less less) {
    T x = std::move(h[pos]);
    while (pos > start) {
        std::size_t parent = (pos - 1) >> 1;
        if (less(x, h[parent])) {
            h[pos] = std::move(h[parent]);
            pos = parent;
            continue;
        }
        break;
    }
    h[pos] = std::move(x);
}

template <class T, class Less> void siftup(std::vector<T>& h, std::size_t pos, Less less) {
    T* const a = h.data();
    const std::size_t end = h.size();
    const std::size_t start = pos;
    T x = std::move(a[pos]);
    // While both children exist (index < (end - 1) / 2), the right one needs no bounds check:
    // this loop is the cost of every pop. Ties take the right child.
    T* hole = a + pos;
    T* const inner_end = a + (end - 1) / 2;
    while (hole < inner_end) {
        T* child = hole + (hole - a) + 1; // 2 * i + 1
        child += !less(child[0], child[1]);
        *hole = std::move(*child);
        hole = child;
    }
    if (const std::size_t child = 2 * static_cast<std::size_t>(hole - a) + 1; child < end) {
        *hole = std::move(a[child]); // the last entry, a lone left child
        hole = a + child;
    }
    *hole = std::move(x);
    siftdown(h, start, static_cast<std::size_t>(hole - a), less);
}

template <class T, class Less> void push(std::vector<T>& h, T item, Less less) {
    h.push_back(std::move(item));
    siftdown(h, 0, h.size() - 1, less);
}

template <class T, class Less> T pop(std::vector<T>& h, Less less) {
    T last = std::move(h.back());
    h.pop_back();
    if (!h.empty()) {
        T result = std::move(h[0]);
        h[0] = std::move(last);
        siftup(h, 0, less);
        return result;
    }
    return last;
}

template <class T, class Less> void heapify(std::vector<T>& h, Less less) {
    for (std::size_t i = h.size() / 2; i-- > 0;)
        siftup(h, i, less);
}

} // namespace condlab::heapq
