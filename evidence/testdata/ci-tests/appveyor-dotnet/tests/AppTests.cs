public class T {}
