#pragma once
// Everything of condlab's runtime, for users who want one include.
#include "runtime/coro.h"
#include "runtime/error.h"
#include "runtime/future.h"
#include "runtime/lock.h"
#include "runtime/loop.h"
#include "runtime/observer.h"
#include "runtime/sleep.h"
#include "runtime/task.h"
#include "runtime/semaphore.h"
#include "runtime/gather.h"
#include "runtime/wait_for.h"
