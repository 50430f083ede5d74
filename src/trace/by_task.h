#pragma once
// ByTask<T>: a value per task id, for the analysis' passes over a trace (analysis.cpp,
// event_scan.h).
#include "trace/trace.h"

#include <algorithm>
#include <map>
#include <vector>

namespace condlab {

/// A value per task id; ids never set read as T{}. Task ids are small and dense, so they
/// index a vector that grows as ids come; an id far beyond (only a hand-edited trace file
/// has one) goes to a map, so no id can make the vector huge. A reference stays valid only
/// until the next operator[].
template <class T> class ByTask {
  public:
    T& operator[](TaskId id) {
        if (id < m_dense.size()) [[likely]]
            return m_dense[id];
        return grow(id);
    }
    /// The value of `id` (T{} if never set), without adding it.
    [[nodiscard]] T get(TaskId id) const {
        if (id < m_dense.size())
            return m_dense[id];
        const auto it = m_rest.find(id);
        return it == m_rest.end() ? T{} : it->second;
    }

  private:
    static constexpr TaskId kMostDense = TaskId{1} << 20;
    [[gnu::noinline]] T& grow(TaskId id) {
        if (id >= kMostDense)
            return m_rest[id];
        m_dense.resize(std::max<std::size_t>(std::size_t{id} + 1, 2 * m_dense.size()));
        return m_dense[id];
    }
    std::vector<T> m_dense;
    std::map<TaskId, T> m_rest;
};

} // namespace condlab
