#pragma once
// A move-only std::function with a small buffer, so scheduling a callback that
// captures a Ref or two does not allocate.
#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace condlab {

template <class Signature> class UniqueFunction;

template <class R, class... Args> class UniqueFunction<R(Args...)> {
    static constexpr std::size_t kBuffer = 48;

    struct VTable {
        R (*call)(void*, Args&&...);
        void (*move)(void* dst, void* src) noexcept; // move-construct dst from src, destroy src
        void (*destroy)(void*) noexcept;
    };

    template <class F>
    static constexpr bool kInline =
        sizeof(F) <= kBuffer && alignof(F) <= alignof(std::max_align_t) &&
        std::is_nothrow_move_constructible_v<F>;

    template <class F> static F* target(void* storage) {
        if constexpr (kInline<F>)
            return std::launder(reinterpret_cast<F*>(storage));
        else
            return *reinterpret_cast<F**>(storage);
    }

    template <class F>
    static constexpr VTable kVTable{
        [](void* s, Args&&... args) -> R { return (*target<F>(s))(std::forward<Args>(args)...); },
        [](void* dst, void* src) noexcept {
            if constexpr (kInline<F>) {
                ::new (dst) F(std::move(*target<F>(src)));
                target<F>(src)->~F();
            } else {
                *reinterpret_cast<F**>(dst) = *reinterpret_cast<F**>(src);
            }
        },
        [](void* s) noexcept {
            if constexpr (kInline<F>)
                target<F>(s)->~F();
            else
                delete target<F>(s);
        }};

  public:
    UniqueFunction() noexcept = default;
    UniqueFunction(std::nullptr_t) noexcept {}

    template <class F, class D = std::decay_t<F>,
              class = std::enable_if_t<!std::is_same_v<D, UniqueFunction> &&
                                       std::is_invocable_r_v<R, D&, Args...>>>
    UniqueFunction(F&& f) {
        construct(std::forward<F>(f));
    }

    UniqueFunction(UniqueFunction&& o) noexcept : m_vtable(o.m_vtable) {
        if (m_vtable) {
            m_vtable->move(m_storage, o.m_storage);
            o.m_vtable = nullptr;
        }
    }
    UniqueFunction& operator=(UniqueFunction&& o) noexcept {
        if (this != &o) {
            reset();
            if (o.m_vtable) {
                m_vtable = o.m_vtable;
                m_vtable->move(m_storage, o.m_storage);
                o.m_vtable = nullptr;
            }
        }
        return *this;
    }
    UniqueFunction& operator=(std::nullptr_t) noexcept {
        reset();
        return *this;
    }
    ~UniqueFunction() { reset(); }

    /// Replaces the callable with `f`, built in place (no move of a temporary).
    template <class F> void emplace(F&& f) {
        reset();
        construct(std::forward<F>(f));
    }

    explicit operator bool() const noexcept { return m_vtable != nullptr; }
    R operator()(Args... args) { return m_vtable->call(m_storage, std::forward<Args>(args)...); }

    void reset() noexcept {
        if (m_vtable) {
            m_vtable->destroy(m_storage);
            m_vtable = nullptr;
        }
    }

  private:
    template <class F> void construct(F&& f) { // (empty before)
        using D = std::decay_t<F>;
        if constexpr (kInline<D>)
            ::new (static_cast<void*>(m_storage)) D(std::forward<F>(f));
        else
            *reinterpret_cast<D**>(m_storage) = new D(std::forward<F>(f));
        m_vtable = &kVTable<D>;
    }

    const VTable* m_vtable = nullptr;
    alignas(std::max_align_t) unsigned char m_storage[kBuffer];
};

} // namespace condlab
