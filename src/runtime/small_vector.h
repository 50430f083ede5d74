#pragma once
// A vector that keeps its first N elements inline: most futures have one done-callback
// and most tasks a shallow coroutine stack, so this saves an allocation for each.
#include <cstddef>
#include <new>
#include <utility>

namespace condlab {

template <class T, std::size_t N> class SmallVector {
  public:
    SmallVector() = default;
    SmallVector(const SmallVector&) = delete;
    SmallVector& operator=(const SmallVector&) = delete;
    SmallVector(SmallVector&& o) noexcept { take(std::move(o)); }
    SmallVector& operator=(SmallVector&& o) noexcept {
        if (this != &o) {
            release();
            take(std::move(o));
        }
        return *this;
    }
    ~SmallVector() { release(); }

    [[nodiscard]] bool empty() const noexcept { return m_size == 0; }
    [[nodiscard]] std::size_t size() const noexcept { return m_size; }
    T* begin() noexcept { return data(); }
    T* end() noexcept { return data() + m_size; }
    T& back() noexcept { return data()[m_size - 1]; }
    T& operator[](std::size_t i) noexcept { return data()[i]; }

    void push_back(T&& value) {
        if (m_size == m_capacity)
            grow();
        ::new (data() + m_size) T(std::move(value));
        ++m_size;
    }
    void pop_back() noexcept { data()[--m_size].~T(); }
    void clear() noexcept {
        while (m_size)
            pop_back();
    }
    /// Removes the elements matching `pred`, keeping the order of the others.
    template <class Pred> std::size_t erase_if(Pred pred) {
        std::size_t kept = 0;
        for (std::size_t i = 0; i < m_size; ++i) {
            if (pred(data()[i]))
                continue;
            if (kept != i)
                data()[kept] = std::move(data()[i]);
            ++kept;
        }
        std::size_t removed = m_size - kept;
        while (m_size > kept)
            pop_back();
        return removed;
    }

  private:
    T* data() noexcept { return m_heap ? m_heap : reinterpret_cast<T*>(m_inline); }
    void grow() {
        std::size_t capacity = m_capacity * 2;
        T* heap = static_cast<T*>(::operator new(capacity * sizeof(T)));
        for (std::size_t i = 0; i < m_size; ++i) {
            ::new (heap + i) T(std::move(data()[i]));
            data()[i].~T();
        }
        if (m_heap)
            ::operator delete(m_heap);
        m_heap = heap;
        m_capacity = capacity;
    }
    void release() noexcept {
        clear();
        if (m_heap)
            ::operator delete(m_heap);
        m_heap = nullptr;
        m_capacity = N;
    }
    void take(SmallVector&& o) noexcept {
        if (o.m_heap) {
            m_heap = std::exchange(o.m_heap, nullptr);
            m_capacity = std::exchange(o.m_capacity, N);
            m_size = std::exchange(o.m_size, 0);
            return;
        }
        for (std::size_t i = 0; i < o.m_size; ++i)
            push_back(std::move(o.data()[i]));
        o.clear();
    }

    // The bookkeeping before the inline elements: back() reads the size, then the element
    // (often the first inline one), so both are often on one line.
    T* m_heap = nullptr;
    std::size_t m_capacity = N;
    std::size_t m_size = 0;
    alignas(T) unsigned char m_inline[N * sizeof(T)];
};

} // namespace condlab
