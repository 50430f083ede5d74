#pragma once
// A FIFO on a growable ring buffer. The ready queue pushes and pops millions of
// entries; std::deque would allocate and free a chunk every few entries.
#include <cstddef>
#include <memory>
#include <new>
#include <utility>

namespace condlab {

template <class T> class RingQueue {
  public:
    RingQueue() = default;
    RingQueue(const RingQueue&) = delete;
    RingQueue& operator=(const RingQueue&) = delete;
    ~RingQueue() {
        clear();
        ::operator delete(m_data);
    }

    [[nodiscard]] bool empty() const noexcept { return m_size == 0; }
    [[nodiscard]] std::size_t size() const noexcept { return m_size; }

    void push_back(T value) { emplace_back(std::move(value)); }
    /// Constructs the new last entry in place (no move of a temporary).
    template <class... Args> void emplace_back(Args&&... args) {
        if (m_size == m_capacity)
            grow();
        ::new (slot((m_head + m_size) & (m_capacity - 1))) T(std::forward<Args>(args)...);
        ++m_size;
    }
    T& front() noexcept { return *slot(m_head); }
    /// The i-th entry from the front.
    const T& operator[](std::size_t i) const noexcept {
        return *slot((m_head + i) & (m_capacity - 1));
    }
    void pop_front() noexcept {
        slot(m_head)->~T();
        m_head = (m_head + 1) & (m_capacity - 1);
        --m_size;
    }
    /// Drops the front entry without running its destructor: for an entry whose owning
    /// members were all taken out (the ready queue takes its entries apart in place).
    void discard_front() noexcept {
        m_head = (m_head + 1) & (m_capacity - 1);
        --m_size;
    }
    void clear() noexcept {
        while (m_size)
            pop_front();
    }

  private:
    T* slot(std::size_t i) const noexcept { return static_cast<T*>(m_data) + i; }
    void grow() {
        std::size_t capacity = m_capacity ? m_capacity * 2 : 64;
        void* data = ::operator new(capacity * sizeof(T));
        for (std::size_t i = 0; i < m_size; ++i) {
            T* from = slot((m_head + i) & (m_capacity - 1));
            ::new (static_cast<T*>(data) + i) T(std::move(*from));
            from->~T();
        }
        ::operator delete(m_data);
        m_data = data;
        m_capacity = capacity;
        m_head = 0;
    }

    void* m_data = nullptr;
    std::size_t m_capacity = 0; // a power of two
    std::size_t m_head = 0;
    std::size_t m_size = 0;
};

} // namespace condlab
