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
    const std::size_t end = h.size();
    const std::size_t start = pos;
    T x = std::move(h[pos]);
    std::size_t child = 2 * pos + 1;
    while (child < end) {
        std::size_t right = child + 1;
        if (right < end && !less(h[child], h[right]))
            child = right; // ties take the right child
        h[pos] = std::move(h[child]);
        pos = child;
        child = 2 * pos + 1;
    }
    h[pos] = std::move(x);
    siftdown(h, start, pos, less);
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
