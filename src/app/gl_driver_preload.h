// The OpenGL driver loads on a thread while the interpreter starts. Creating the first
// OpenGL context loads Mesa's driver (libGLX_mesa and the DRI driver with libLLVM: 150-400 ms
// of dynamic linking); done early, on a core that start-up leaves idle, the context is made
// without it. The libraries stay loaded: GLX finds them already there. Nothing happens when
// the driver is elsewhere (another vendor's GLX, no Mesa installed).
#pragma once

#include <thread>

namespace condlab::app {

/// Starts loading; the thread is joined (or finishes) before the window's context is made.
[[nodiscard]] std::jthread preload_gl_driver();

} // namespace condlab::app
