// The support library of the GenerativeCourse notebooks. Start at Course.Setup (Course.cs).
