#pragma once
// Intrusive, single-threaded reference counting. A loop and everything it owns
// live on one thread, so the count needs no atomics (sweeps use one loop per thread).
#include "runtime/small_alloc.h"

#include <cstddef>
#include <cstdint>
#include <utility>

namespace condlab {

class RefCounted {
  public:
    RefCounted() = default;
    RefCounted(const RefCounted&) = delete;
    RefCounted& operator=(const RefCounted&) = delete;
    virtual ~RefCounted() = default;

    // Pooled: futures, tasks and handles are created and dropped at a high rate.
    static void* operator new(std::size_t size) { return small_allocate(size); }
    static void operator delete(void* p, std::size_t size) noexcept { small_free(p, size); }

    void add_ref() noexcept { ++m_refs; }
    void release_ref() noexcept {
        if (--m_refs == 0)
            delete this;
    }
    [[nodiscard]] std::uint32_t ref_count() const noexcept { return m_refs; }

  private:
    std::uint32_t m_refs = 0;
};

/// Tag: a Ref that takes over a reference already counted (see Ref::detach).
struct AdoptRef {};
inline constexpr AdoptRef kAdopt{};

/// Owning pointer to a RefCounted object.
template <class T> class Ref {
  public:
    Ref(T* p, AdoptRef) noexcept : m_ptr(p) {}
    Ref() noexcept = default;
    Ref(std::nullptr_t) noexcept {}
    explicit Ref(T* p) noexcept : m_ptr(p) {
        if (m_ptr)
            m_ptr->add_ref();
    }
    Ref(const Ref& o) noexcept : Ref(o.m_ptr) {}
    Ref(Ref&& o) noexcept : m_ptr(std::exchange(o.m_ptr, nullptr)) {}
    template <class U> Ref(const Ref<U>& o) noexcept : Ref(o.get()) {}
    template <class U> Ref(Ref<U>&& o) noexcept : m_ptr(o.detach()) {}
    ~Ref() {
        if (m_ptr)
            m_ptr->release_ref();
    }
    Ref& operator=(Ref o) noexcept {
        std::swap(m_ptr, o.m_ptr);
        return *this;
    }

    [[nodiscard]] T* get() const noexcept { return m_ptr; }
    T* operator->() const noexcept { return m_ptr; }
    T& operator*() const noexcept { return *m_ptr; }
    explicit operator bool() const noexcept { return m_ptr != nullptr; }
    friend bool operator==(const Ref& a, const Ref& b) noexcept { return a.m_ptr == b.m_ptr; }
    T* detach() noexcept { return std::exchange(m_ptr, nullptr); }

  private:
    T* m_ptr = nullptr;
};

template <class T, class... Args> Ref<T> make_ref(Args&&... args) {
    return Ref<T>(new T(std::forward<Args>(args)...));
}

} // namespace condlab
