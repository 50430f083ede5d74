// What the window runs besides the shell: the lesson player (player_gui.h) or a test's
// driver. run_gui() calls it at three points of its loop; the client owns its state.
#pragma once

namespace condlab::app {

class Shell;

class WindowClient {
  public:
    WindowClient() = default;
    WindowClient(const WindowClient&) = delete;
    WindowClient& operator=(const WindowClient&) = delete;
    virtual ~WindowClient() = default;

    /// Once, after the shell exists and before the start-up file is opened: set the
    /// shell's content (this is where runs get wired in).
    virtual void attach(Shell& shell) = 0;
    /// Every frame before drawing (advance playback, poll runs...).
    virtual void before_frame(Shell& shell) = 0;
    /// True while a run is in progress: frames come at least every 30 ms, screenshots and
    /// the start-up report wait for the run.
    [[nodiscard]] virtual bool busy() const { return false; }
};

} // namespace condlab::app
