/* ui/lesson/lesson_main.h: the lessons and lesson subcommands (entries of the command
 * table, ui/cli/commands.c). */
#ifndef UI_LESSON_MAIN_H
#define UI_LESSON_MAIN_H

#include "ui/base/cmd.h"

/* ordersim lessons [--lang zh|en] */
extern const struct ui_cmd_entry ui_cmd_lessons_entry;
/* ordersim lesson [LESSON] [--list-scenes] [--lang zh|en] [--scene N] [--big]
 *                 [--handout FILE.pdf] [--handout-dir DIR] [--ascii] [--no-color] */
extern const struct ui_cmd_entry ui_cmd_lesson_entry;

#endif
