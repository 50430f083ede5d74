// Edit mode of the code view: the learner edits the program in place (ImGui multiline text
// while typing), the run follows a short pause in typing, an error shows at its line.
// Edits of a shipped lesson are kept (edit_store.h) and survive a restart; Reset returns to
// the file's text; Save As writes the edit anywhere. The file itself is never written.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "app/code_layout.h"
#include "app/file_browser.h"
#include "app/source_file.h"

namespace condlab::app {

class Shell;

struct CodeEditor {
    static constexpr double kTypingPause = 0.3; ///< seconds without a keystroke, then run

    bool editing = false;       ///< the editor is shown (else the highlighted view)
    std::string text;           ///< the program as the learner has it
    std::string shipped;        ///< the file's text on disk
    std::string applied;        ///< the text the player runs
    std::string lesson_id;      ///< "" when the file is not a shipped lesson (edit not kept)
    std::filesystem::path path; ///< the opened file
    std::filesystem::path data; ///< the data directory (empty: condlab_data_dir())
    double changed_at = -1.0;   ///< time of the last keystroke not yet run (-1: none)
    std::string message;        ///< the last Save As / keep result
    bool rerun = false;         ///< Reset: the player must run `applied` (then cleared)
    FileBrowserState save_as{}; ///< the Save As browser
    /// The applied text as a document when it is not the file's (the code view shows it).
    std::unique_ptr<SourceDocument> doc;
    /// Last frame's editor rectangle and the y of `error line` in it (tests; -1: none).
    float error_y = -1.0f;
    int scrolled_error = 0; ///< the error line the editor last scrolled to
};

/// A file was opened: its text is `shipped`; a kept edit of the lesson becomes the text.
/// Returns true when the player must run the edit instead of the file.
bool editor_open(CodeEditor& e, const std::filesystem::path& path, std::string lesson_id,
                 std::string shipped);
/// A keystroke changed `text` at `now` (seconds).
void editor_changed(CodeEditor& e, double now);
/// The typing pause is over and the text differs from the applied one: applies it (keeps
/// the edit of a lesson) and returns true (then the player runs `applied`).
bool editor_take_due(CodeEditor& e, double now);
/// Back to the file's text (forgets the kept edit). True when the applied text changed.
bool editor_reset(CodeEditor& e);
/// The file changed on disk: it is the new shipped text; without an edit it also becomes
/// the text. True when the player must re-run `applied`.
bool editor_disk_changed(CodeEditor& e, std::string disk_text);
/// The applied text differs from the file's.
[[nodiscard]] inline bool editor_edited(const CodeEditor& e) { return e.applied != e.shipped; }

/// Draws the Edit / Reset / Save As row and, in edit mode, the editor with the error at
/// its line (`error`, may be null). Returns true when it drew the code (the caller then
/// does not draw the highlighted view).
bool draw_code_editor(CodeEditor& e, Shell& shell, const ErrorMark* error, double now);

} // namespace condlab::app
