// Lesson discovery (discovery.h).
#include "lesson/discovery.h"
#include "lesson_test_support.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace condlab::lesson {
namespace {

TEST(Discovery, FileNames) {
    EXPECT_TRUE(is_lesson_file_name("01_intro.py"));
    EXPECT_TRUE(is_lesson_file_name("123_x.py"));
    EXPECT_FALSE(is_lesson_file_name("1_intro.py"));
    EXPECT_FALSE(is_lesson_file_name("01intro.py"));
    EXPECT_FALSE(is_lesson_file_name("01_.py"));
    EXPECT_FALSE(is_lesson_file_name("01_intro.txt"));
    EXPECT_FALSE(is_lesson_file_name("README.md"));
    EXPECT_EQ(lesson_number("/x/07_a.py"), 7);
    EXPECT_EQ(lesson_number("123_x.py"), 123);
    EXPECT_EQ(lesson_number("notes.py"), 0);
}

TEST(Discovery, SourceTreeAndEnvironment) {
    ::unsetenv("CONDLAB_LESSONS");
    auto dir = find_lessons_dir();
    ASSERT_TRUE(dir.has_value());
    auto files = lesson_files(*dir);
    ASSERT_FALSE(files.empty());
    EXPECT_EQ(files.front().filename().string().substr(0, 3), "01_");

    auto tmp = std::filesystem::temp_directory_path() / "condlab_discovery_test";
    std::filesystem::remove_all(tmp);
    std::filesystem::create_directories(tmp);
    for (const char* n :
         {"02_b.py", "01_a.py", "100_c.py", "10_d.py", "1_e.py", "notes.py", "README.md"})
        std::ofstream(tmp / n) << "X = 1\n";
    ::setenv("CONDLAB_LESSONS", tmp.c_str(), 1);
    EXPECT_EQ(find_lessons_dir(), tmp);
    std::vector<std::string> names; // by number: 100 after 10, unlike by name
    for (const auto& f : lesson_files(tmp))
        names.push_back(f.filename().string());
    EXPECT_EQ(names, (std::vector<std::string>{"01_a.py", "02_b.py", "10_d.py", "100_c.py"}));
    EXPECT_EQ(resolve_lesson("2"), tmp / "02_b.py");
    EXPECT_EQ(resolve_lesson("02"), tmp / "02_b.py");
    EXPECT_EQ(resolve_lesson("a"), tmp / "01_a.py");
    EXPECT_EQ(resolve_lesson("01_a"), tmp / "01_a.py");
    EXPECT_EQ(resolve_lesson("01_a.py"), tmp / "01_a.py");
    EXPECT_FALSE(resolve_lesson("3").has_value());
    EXPECT_FALSE(resolve_lesson("nope/x.py").has_value());
    ::unsetenv("CONDLAB_LESSONS");
    std::filesystem::remove_all(tmp);
}

} // namespace
} // namespace condlab::lesson
